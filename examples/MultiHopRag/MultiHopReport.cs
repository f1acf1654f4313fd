using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dspy.Fluent.Examples.MultiHopRag;

/// <summary>The job's JSON report, in exactly the documented shape.</summary>
public static class MultiHopReport
{
    /// <summary>Writes <c>{"lm": {"name", "simulated"}, "data": {"source", "train", "dev"}, "programs": [{"name", "em", "f1", "retrieval_recall", "lm_calls", "cache_hits", "tokens", "seconds", "failed", "stopped"}]}</c>.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="lmName">The LM spec the job ran on.</param>
    /// <param name="identity">Who answered (simulated or not).</param>
    /// <param name="data">The data.</param>
    /// <param name="rows">One row per program.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static Task WriteJsonAsync(string path, string lmName, LMIdentity identity, MultiHopData data, IReadOnlyList<ProgramScore> rows,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rows);
        var root = new JsonObject
        {
            ["lm"] = new JsonObject { ["name"] = lmName, ["simulated"] = identity.IsStandIn },
            ["data"] = new JsonObject { ["source"] = data.Source, ["train"] = data.Train.Count, ["dev"] = data.Dev.Count },
            ["programs"] = new JsonArray(rows.Select(r => (JsonNode)new JsonObject
            {
                ["name"] = r.Name, ["em"] = r.ExactMatch, ["f1"] = r.F1, ["retrieval_recall"] = r.RetrievalRecall,
                ["lm_calls"] = r.LMCalls, ["cache_hits"] = r.CacheHits, ["tokens"] = r.Tokens, ["seconds"] = Math.Round(r.Seconds, 3),
                ["failed"] = r.Failed, ["stopped"] = r.Stopped,
            }).ToArray()),
        };
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder) Directory.CreateDirectory(folder);
        return File.WriteAllTextAsync(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", cancellationToken);
    }
}
