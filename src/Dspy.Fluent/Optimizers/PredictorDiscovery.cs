using System.Globalization;
using System.Text;
using Dspy.Fluent.Simulation;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Finds a program's predictors for optimizers. Predictors the program is built from or declares (<c>Uses</c>) are known
/// without running anything; predictors called only inside lambdas are found by a dry run: the program runs once on a
/// training input against a placeholder LM that answers every request with empty values of the right types, so no real
/// LM call is made.
/// </summary>
internal static class PredictorDiscovery
{
    public static async Task<IReadOnlyList<IPredictor>> FindAsync<TIn, TOut>(OptimizerRun<TIn, TOut> run, CancellationToken cancellationToken)
    {
        var known = run.Student.Predictors;
        var found = new List<IPredictor>(known);
        var names = known.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        TIn input;
        try
        {
            input = run.ToInput(run.Trainset[0]);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (found.Count == 0) throw new InvalidOperationException($"{run.Optimizer} cannot find the program's predictors: the first training example does not map to the program's input ({e.Message}).", e);
            return found;
        }
        using var dryRun = new DryRunChatClient();
        var outcome = await run.Student.TryRunAsync(input, run.Settings with { Client = dryRun }, cancellationToken).ConfigureAwait(false);
        foreach (var entry in outcome.Trace)
            if (entry.Signature is { } signature && names.Add(entry.Name))
                found.Add(new DiscoveredPredictor(entry.Name, signature, entry.Kind));
        if (found.Count > known.Count)
            run.Note($"Found {found.Count - known.Count} predictor(s) by a dry run without LM calls: {string.Join(", ", found.Skip(known.Count).Select(p => p.Name))}. Declare them with program.Uses(...) to skip it.");
        if (outcome.Error is { } error && found.Count == known.Count)
            run.Note($"The dry run that looks for predictors stopped early ({error.GetType().Name}: {error.Message}); predictors reached later are found from bootstrapped traces.");
        if (found.Count == 0)
            throw new InvalidOperationException($"{run.Optimizer} found no predictors in the program: it calls no LM on the first training example. Build it from predictors or declare them with program.Uses(...).");
        return found;
    }

    /// <summary>Answers every request with placeholder values of each output field's type, in the requested format.</summary>
    private sealed class DryRunChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var prompt = PromptReader.Read(messages as IReadOnlyList<ChatMessage> ?? messages.ToList(), options);
            var sb = new StringBuilder();
            if (prompt.JsonMode)
                sb.Append('{').AppendJoin(", ", prompt.OutputFields.Select(f => $"\"{f.Name}\": {JsonPlaceholder(f)}")).Append('}');
            else
            {
                foreach (var f in prompt.OutputFields) sb.Append("[[ ## ").Append(f.Name).Append(" ## ]]\n").Append(Placeholder(f)).Append("\n\n");
                sb.Append("[[ ## completed ## ]]");
            }
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, sb.ToString())));
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var u in (await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false)).ToChatResponseUpdates()) yield return u;
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }

        private static string Placeholder(ReadField f) => f.Type switch
        {
            "int" => "0",
            "float" => "0.0",
            "bool" => "False",
            _ when f.Type.StartsWith("list[", StringComparison.Ordinal) => "[]",
            _ when f.Type.StartsWith("dict[", StringComparison.Ordinal) => "{}",
            _ when f.Type.StartsWith("Literal[", StringComparison.Ordinal) => FirstLiteral(f.Type),
            _ when f.Type.StartsWith("Union[", StringComparison.Ordinal) => "None",
            _ => "N/A",
        };

        private static string JsonPlaceholder(ReadField f)
        {
            var p = Placeholder(f);
            return f.Type is "int" or "float" || p is "[]" or "{}" ? p : p == "False" ? "false" : p == "None" ? "null" : $"\"{p}\"";
        }

        private static string FirstLiteral(string type)
        {
            var start = type.IndexOfAny(['\'', '"']);
            if (start < 0) return "N/A";
            var end = type.IndexOf(type[start], start + 1);
            return end < 0 ? "N/A" : type[(start + 1)..end];
        }
    }
}
