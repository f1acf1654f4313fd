using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dspy.Fluent.Simulation;

namespace Dspy.Fluent;

/// <summary>
/// An offline "fine-tuner" for the <see cref="SimulatedLM"/>: it trains no weights. It reads the training data's
/// assistant turns and derives a new <see cref="SimulatedLMProfile"/> — how often answers are short, how often search
/// queries carry an entity from the context, how often replies keep the format — and registers it with the simulated LM
/// under a new model id. Every model it makes is marked <see cref="FineTunedModel.Simulated"/>.
/// </summary>
/// <remarks>
/// <para>Each habit moves from the base model's value toward the share seen in the data, by n / (n + 20) for n examples
/// showing it (20 examples move it half way): little data changes little. Linking two facts (<see cref="SimulatedLMProfile.Chaining"/>)
/// is not learned: the data shows no sign of it beyond a reasoning field, which the prompt supplies anyway.</para>
/// <para>It exists so weight optimization can be shown end to end offline; its results say nothing about a real fine-tune.</para>
/// </remarks>
/// <example>
/// <code>
/// var lm = new SimulatedLM();
/// var result = await new BootstrapFinetune(Metrics.ExactMatch, new SimulatedFineTuner(lm)).CompileAsync(program, trainset,
///     new CompileOptions&lt;Example, Prediction&gt; { Teacher = promptOptimized });
/// </code>
/// </example>
public sealed partial class SimulatedFineTuner(SimulatedLM lm) : IFineTuner
{
    private const double HalfWay = 20;
    private readonly SimulatedLM _lm = lm ?? throw new ArgumentNullException(nameof(lm));

    /// <inheritdoc />
    public string Name => "simulated";

    /// <inheritdoc />
    public Task<FineTunedModel> FineTuneAsync(FineTuneRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var jsonl = request.Data.ToJsonl();
        var hash = Decisions.Fnv(0, request.BaseModel + "\n" + request.Seed + "\n" + jsonl).ToString("x16", CultureInfo.InvariantCulture)[..8];
        var jobId = "ftjob-simulated-" + hash;
        SimulatedLMProfile baseProfile;
        try
        {
            baseProfile = _lm.ProfileOf(request.BaseModel);
        }
        catch (KeyNotFoundException e)
        {
            request.Progress?.Report(new FineTuneStatus(jobId, "failed", e.Message));
            throw new FineTuneJobFailedException(jobId, "failed", $"Simulated fine-tuning job {jobId} failed: {e.Message}", e);
        }
        foreach (var status in new[] { "validating_files", "queued", "running" }) request.Progress?.Report(new FineTuneStatus(jobId, status));
        var model = $"ft:{request.BaseModel}:simulated:{request.Suffix ?? "dspy"}:{hash}";
        _lm.AddModel(model, Derive(baseProfile, request.Data));
        request.Progress?.Report(new FineTuneStatus(jobId, "succeeded"));
        return Task.FromResult(new FineTunedModel(model, request.BaseModel, jobId, Simulated: true)
        {
            Statuses = ["validating_files", "queued", "running", "succeeded"], Examples = request.Data.Count,
        });
    }

    /// <summary>The profile learned from <paramref name="data"/>, starting from <paramref name="from"/>.</summary>
    internal static SimulatedLMProfile Derive(SimulatedLMProfile from, FineTuneDataset data)
    {
        int answers = 0, shortAnswers = 0, queries = 0, carrying = 0, wellFormed = 0;
        foreach (var chat in data.Chats)
        {
            var reply = chat[^1].Text;
            var fields = Fields(reply, out var formatted);
            if (formatted) wellFormed++;
            var user = chat.LastOrDefault(m => m.Role.Value == "user")?.Text ?? "";
            foreach (var (name, value) in fields)
            {
                if (name == Predict.ReasoningField) continue;
                if (name.Contains("query", StringComparison.OrdinalIgnoreCase))
                {
                    queries++;
                    if (CarriesContextEntity(value, Block(user, "context"), Block(user, "question"))) carrying++;
                }
                else
                {
                    answers++;
                    if (Lexicon.WordCount(value) <= 5) shortAnswers++;
                }
            }
        }
        var n = data.Count;
        return new SimulatedLMProfile
        {
            Brevity = Toward(from.Brevity, answers, shortAnswers),
            Chaining = from.Chaining,
            BridgeQueries = Toward(from.BridgeQueries, queries, carrying),
            FormatBreaks = n == 0 ? from.FormatBreaks : from.FormatBreaks + Weight(n) * ((n - wellFormed) / (double)n - from.FormatBreaks),
        }.Validate();
    }

    private static double Toward(double value, int seen, int showing) => seen == 0 ? value : value + Weight(seen) * (showing / (double)seen - value);

    private static double Weight(int n) => n / (n + HalfWay);

    /// <summary>The reply's fields, from <c>[[ ## name ## ]]</c> blocks or a JSON object; whether it kept the format.</summary>
    private static List<(string Name, string Value)> Fields(string reply, out bool formatted)
    {
        var trimmed = reply.Trim();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(trimmed);
                formatted = doc.RootElement.ValueKind == JsonValueKind.Object;
                return formatted ? doc.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.ToString())).ToList() : [];
            }
            catch (JsonException)
            {
                formatted = false;
                return [];
            }
        }
        var matches = Header().Matches(trimmed);
        var fields = new List<(string, string)>();
        for (var i = 0; i < matches.Count; i++)
        {
            var start = matches[i].Index + matches[i].Length;
            var end = i + 1 < matches.Count ? matches[i + 1].Index : trimmed.Length;
            var name = matches[i].Groups[1].Value;
            if (name != "completed") fields.Add((name, trimmed[start..end].Trim()));
        }
        formatted = fields.Count > 0 && trimmed.EndsWith("[[ ## completed ## ]]", StringComparison.Ordinal);
        return fields;
    }

    private static string Block(string message, string field)
    {
        var header = $"[[ ## {field} ## ]]";
        var start = message.IndexOf(header, StringComparison.Ordinal);
        if (start < 0) return "";
        start += header.Length;
        var end = message.IndexOf("[[ ## ", start, StringComparison.Ordinal);
        return end < 0 ? message[start..] : message[start..end];
    }

    private static bool CarriesContextEntity(string query, string context, string question) =>
        Capitalised().Matches(query).Select(m => m.Value)
            .Any(w => w.Length > 3 && context.Contains(w, StringComparison.Ordinal) && !question.Contains(w, StringComparison.Ordinal));

    [GeneratedRegex(@"^\[\[ ## (\w+) ## \]\]", RegexOptions.Multiline)]
    private static partial Regex Header();

    [GeneratedRegex(@"\b\p{Lu}[\p{L}'-]+")]
    private static partial Regex Capitalised();
}
