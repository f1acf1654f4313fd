using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dspy.Fluent;

/// <summary>
/// Checks the bound <see cref="DspyOptions"/> at start-up and reports every problem at once, each naming its
/// configuration key, so one round of fixes is enough. No message ever contains the API key.
/// </summary>
internal sealed class DspyOptionsValidator(IServiceProviderIsService services, DspyRegistrations registrations) : IValidateOptions<DspyOptions>
{
    public ValidateOptionsResult Validate(string? name, DspyOptions options)
    {
        var problems = Problems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private IEnumerable<string> Problems(DspyOptions o)
    {
        var s = registrations.SectionPath;
        if (o.ConfigurationProblems.Count > 0)
        {
            // The section was not bound, so checking the defaults it left would only add noise.
            foreach (var problem in o.ConfigurationProblems) yield return problem;
            yield break;
        }
        var hasClient = services.IsService(typeof(IChatClient));
        if (string.IsNullOrWhiteSpace(o.Lm))
        {
            if (!hasClient)
                yield return $"{s}:Lm is not set and no IChatClient is registered: set {s}:Lm to an LM spec (e.g. 'openai:gpt-4o-mini', " +
                             "'ollama:llama3', or 'simulated' for the offline stand-in), or register a client with services.AddChatClient(...).";
            else if (!string.IsNullOrEmpty(o.ApiKey))
                yield return $"{s}:ApiKey is set but {s}:Lm is not: the registered IChatClient does not read it. Give the key to that client, or set {s}:Lm.";
        }
        else if (hasClient)
        {
            yield return $"{s}:Lm is '{o.Lm}' and an IChatClient is registered with AddChatClient as well; use one of the two, so it is clear which LM runs.";
        }
        else if (SpecProblem(o.Lm, registrations) is { } problem)
        {
            yield return $"{s}:Lm '{o.Lm.Trim()}' is not a usable LM spec: {problem}";
        }
        if (o.Temperature is < 0 or float.NaN) yield return $"{s}:Temperature is {o.Temperature}; it must be 0 or more.";
        if (o.MaxTokens is < 1) yield return $"{s}:MaxTokens is {o.MaxTokens}; it must be 1 or more.";
        if (o.Concurrency is < 1) yield return $"{s}:Concurrency is {o.Concurrency}; it must be 1 or more (leave it unset for no limit).";
        if (o.RequestTimeout is { } request && request <= TimeSpan.Zero) yield return $"{s}:RequestTimeout is {request}; it must be more than zero.";
        if (o.CallTimeout is { } call && call <= TimeSpan.Zero) yield return $"{s}:CallTimeout is {call}; it must be more than zero.";

        foreach (var problem in DspyCacheStores.Problems(o.Cache ?? new(), s, services)) yield return problem;

        var r = o.Retries ?? new();
        if (r.MaxAttempts < 1) yield return $"{s}:Retries:MaxAttempts is {r.MaxAttempts}; it must be 1 or more (1 turns retries off).";
        if (r.BaseDelay <= TimeSpan.Zero) yield return $"{s}:Retries:BaseDelay is {r.BaseDelay}; it must be more than zero.";
        if (r.MaxDelay < r.BaseDelay) yield return $"{s}:Retries:MaxDelay ({r.MaxDelay}) is shorter than {s}:Retries:BaseDelay ({r.BaseDelay}).";
        if (r.MaxTotalWait <= TimeSpan.Zero) yield return $"{s}:Retries:MaxTotalWait is {r.MaxTotalWait}; it must be more than zero.";

        var limit = o.RateLimit ?? new();
        if (limit.RequestsPerMinute is < 1) yield return $"{s}:RateLimit:RequestsPerMinute is {limit.RequestsPerMinute}; it must be 1 or more (leave it unset for no limit).";
        if (limit.TokensPerMinute is < 1) yield return $"{s}:RateLimit:TokensPerMinute is {limit.TokensPerMinute}; it must be 1 or more (leave it unset for no limit).";
    }

    /// <summary>Why the spec cannot be connected (malformed, or no connector for its scheme), or null.</summary>
    private static string? SpecProblem(string lm, DspyRegistrations registrations)
    {
        try
        {
            // Parsing needs the connectors (a scheme's form comes from its connector) and never sees the key.
            LMSpec.Parse(lm, registrations.ConnectOptions(LMConnectOptions.Default));
            return null;
        }
        catch (LMSpecFormatException e)
        {
            // The parser's first line says what is wrong; its table of forms is replaced by one line, as every problem
            // of the section shares one message.
            var connectors = LMConnectors.All.Concat(registrations.ConnectOptions(LMConnectOptions.Default).Connectors.Values)
                .DistinctBy(c => c.Scheme).OrderBy(c => c.Scheme, StringComparer.Ordinal).ToList();
            var forms = connectors.Select(c => c.Form switch
            {
                LMSpecForm.SchemeOnly => c.Scheme,
                LMSpecForm.Path => $"{c.Scheme}:PATH (e.g. {c.Example})",
                _ => $"{c.Scheme}:MODEL[@URL] (e.g. {c.Example})",
            });
            var first = e.Message.Split('\n', 2)[0].Trim();
            return connectors.Count == 0 ? first + " No LM connector package is referenced (e.g. Dspy.Fluent.OpenAI)." : $"{first} Accepted: {string.Join(", ", forms)}.";
        }
    }
}
