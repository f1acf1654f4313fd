using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dspy.Fluent.Simulation;

/// <summary>A context passage as the simulated LM reads it: a title and its sentences.</summary>
internal sealed partial record Passage(string Title, IReadOnlyList<string> Sentences, int Index)
{
    public string Text => string.Join(" ", Sentences);

    /// <summary>Splits a context value — a JSON list, DSPy's numbered «…» list, or plain text — into passages.</summary>
    public static List<Passage> ParseContext(string? value)
    {
        var items = new List<string>();
        if (string.IsNullOrWhiteSpace(value) || value.Trim() == "N/A") return [];
        var v = value.Trim();
        if (v.StartsWith('['))
        {
            try
            {
                using var doc = JsonDocument.Parse(v);
                if (doc.RootElement.ValueKind == JsonValueKind.Array)
                    items.AddRange(doc.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()));
            }
            catch (JsonException)
            {
                items.AddRange(Numbered().Matches(v).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value));
            }
        }
        else if (v.StartsWith('«'))
            items.Add(v.Trim('«', '»').Trim());
        else
            items.Add(v);
        return items.Select((text, i) => Create(text.Replace("\n    ", "\n").Trim(), i)).ToList();
    }

    private static Passage Create(string text, int index)
    {
        var bar = text.IndexOf(" | ", StringComparison.Ordinal);
        var title = bar > 0 ? text[..bar].Trim() : "";
        var body = bar > 0 ? text[(bar + 3)..] : text;
        return new Passage(title, SplitSentences(body), index);
    }

    public static List<string> SplitSentences(string text) =>
        SentenceEnd().Split(text).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();

    [GeneratedRegex(@"\[\d+\] (?:«««\n?([\s\S]*?)\n?»»»|«([^»]*)»)")]
    private static partial Regex Numbered();

    // A sentence ends at '.', '!' or '?' followed by a space and a capital letter or a digit.
    [GeneratedRegex(@"(?<=[.!?])\s+(?=[\p{Lu}\d])")]
    private static partial Regex SentenceEnd();
}
