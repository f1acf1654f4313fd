using System.Text;
using System.Text.Json;

namespace Dspy.Fluent;

/// <summary>One HotPotQA row read: its example and its context paragraphs as (title, text).</summary>
internal sealed record HotPotQARow(Example Example, IReadOnlyList<KeyValuePair<string, string>> Paragraphs);

/// <summary>
/// Reads one row of HotPotQA's files, checking every field's type. Accepts the official layout
/// (<c>_id</c>, <c>supporting_facts: [[title, sent_idx], …]</c>, <c>context: [[title, [sentence, …]], …]</c>) and the
/// column layout of the Hugging Face export (<c>id</c>, <c>supporting_facts: {title: […], sent_id: […]}</c>,
/// <c>context: {title: […], sentences: [[…], …]}</c>).
/// </summary>
internal static class HotPotQARowParser
{
    private const string FactsShape = "HotPotQA writes it as [[\"Title\", 0], ...]";
    private const string ContextShape = "HotPotQA writes it as [[\"Title\", [\"First sentence.\", \" Second sentence.\"]], ...]";

    public static HotPotQARow? Parse(JsonElement row, HotPotQAOptions options)
    {
        if (row.ValueKind != JsonValueKind.Object)
            throw new RowProblem(null, $"the row is {JsonValues.Describe(row.ValueKind)}, not an object",
                "Each HotPotQA row must be a JSON object with _id, question, answer, supporting_facts and context");
        var id = OptionalString(row, "_id") ?? OptionalString(row, "id");
        try
        {
            if (id is null) throw Missing("_id");
            var level = OptionalString(row, "level");
            if (options.Levels is { } levels && (level is null || !levels.Contains(level, StringComparer.Ordinal))) return null;

            var entries = new List<KeyValuePair<string, object?>> { new("id", id), new("question", RequiredString(row, "question")) };
            if (options.RequireAnswer) entries.Add(new("answer", RequiredString(row, "answer")));
            else if (OptionalString(row, "answer") is { } answer) entries.Add(new("answer", answer));
            if (OptionalString(row, "type") is { } type) entries.Add(new("type", type));
            if (level is not null) entries.Add(new("level", level));
            if (row.TryGetProperty("supporting_facts", out var factsElement) && factsElement.ValueKind != JsonValueKind.Null)
            {
                var facts = SupportingFacts(factsElement);
                entries.Add(new("supporting_facts", facts));
                entries.Add(new("supporting_titles", facts.Select(f => f.Title).Distinct(StringComparer.Ordinal).ToArray()));
            }
            IReadOnlyList<KeyValuePair<string, string>> paragraphs = [];
            if (row.TryGetProperty("context", out var contextElement) && contextElement.ValueKind != JsonValueKind.Null)
                paragraphs = Context(contextElement);
            if (options.IncludeContext) entries.Add(new("context", paragraphs.Select(p => $"{p.Key} | {p.Value}").ToArray()));

            var example = Example.From(entries);
            foreach (var key in options.InputKeys)
                if (!example.ContainsKey(key)) throw Missing(key);
            return new HotPotQARow(example.WithInputs(options.InputKeys), paragraphs);
        }
        catch (RowProblem p) when (id is not null && p.Label is null)
        {
            throw new RowProblem(p.Field, p.Problem, p.Advice) { Label = $"id {id}" };
        }
    }

    private static string RequiredString(JsonElement row, string field) =>
        OptionalString(row, field) ?? throw (row.TryGetProperty(field, out _) ? RowProblem.Null(field) : Missing(field));

    private static RowProblem Missing(string field) => new(field, "the field is missing",
        field is "_id" or "question" or "answer"
            ? "Every HotPotQA row needs _id, question and answer; set RequireAnswer = false in HotPotQAOptions for unlabelled files"
            : $"Add '{field}' to this row, or leave it out of InputKeys");

    private static string? OptionalString(JsonElement row, string field)
    {
        if (!row.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString()
            : throw new RowProblem(field, $"the field must be a string, but it is {JsonValues.Describe(value.ValueKind)} ({JsonValues.Preview(value)})",
                $"Write '{field}' as a JSON string");
    }

    private static SupportingFact[] SupportingFacts(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            var titles = Column(e, "supporting_facts", "title", JsonValueKind.String, FactsShape);
            var indexes = Column(e, "supporting_facts", "sent_id", JsonValueKind.Number, FactsShape);
            if (titles.Count != indexes.Count) throw Wrong("supporting_facts", $"has {titles.Count} titles but {indexes.Count} sent_id values", FactsShape);
            return titles.Select((t, i) => new SupportingFact(t.GetString()!, SentenceIndex(indexes[i], i))).ToArray();
        }
        if (e.ValueKind != JsonValueKind.Array) throw Wrong("supporting_facts", $"must be a list of [title, sentence index] pairs, but it is {JsonValues.Describe(e.ValueKind)}", FactsShape);
        var facts = new List<SupportingFact>();
        var i = 0;
        foreach (var pair in e.EnumerateArray())
        {
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2 || pair[0].ValueKind != JsonValueKind.String)
                throw Wrong("supporting_facts", $"must be a list of [title, sentence index] pairs, but item {i} is {JsonValues.Preview(pair)}", FactsShape);
            facts.Add(new SupportingFact(pair[0].GetString()!, SentenceIndex(pair[1], i)));
            i++;
        }
        return [.. facts];
    }

    private static int SentenceIndex(JsonElement e, int item) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var index) && index >= 0 ? index
            : throw Wrong("supporting_facts", $"has sentence index {JsonValues.Preview(e)} in item {item}, which is not a whole number of at least 0", FactsShape);

    private static List<KeyValuePair<string, string>> Context(JsonElement e)
    {
        var paragraphs = new List<KeyValuePair<string, string>>();
        if (e.ValueKind == JsonValueKind.Object)
        {
            var titles = Column(e, "context", "title", JsonValueKind.String, ContextShape);
            var sentences = Column(e, "context", "sentences", JsonValueKind.Array, ContextShape);
            if (titles.Count != sentences.Count) throw Wrong("context", $"has {titles.Count} titles but {sentences.Count} sentence lists", ContextShape);
            for (var i = 0; i < titles.Count; i++) paragraphs.Add(new(titles[i].GetString()!, Join(sentences[i], i)));
            return paragraphs;
        }
        if (e.ValueKind != JsonValueKind.Array) throw Wrong("context", $"must be a list of [title, sentences] pairs, but it is {JsonValues.Describe(e.ValueKind)}", ContextShape);
        var n = 0;
        foreach (var pair in e.EnumerateArray())
        {
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2 || pair[0].ValueKind != JsonValueKind.String || pair[1].ValueKind != JsonValueKind.Array)
                throw Wrong("context", $"must be a list of [title, sentences] pairs, but item {n} is {JsonValues.Preview(pair)}", ContextShape);
            paragraphs.Add(new(pair[0].GetString()!, Join(pair[1], n)));
            n++;
        }
        return paragraphs;
    }

    /// <summary>HotPotQA's sentences carry their own leading spaces; add one only where two sentences would touch.</summary>
    private static string Join(JsonElement sentences, int item)
    {
        var sb = new StringBuilder();
        foreach (var s in sentences.EnumerateArray())
        {
            if (s.ValueKind != JsonValueKind.String)
                throw Wrong("context", $"item {item} has a sentence that is {JsonValues.Describe(s.ValueKind)} ({JsonValues.Preview(s)})", ContextShape);
            var text = s.GetString()!;
            if (sb.Length > 0 && text.Length > 0 && !char.IsWhiteSpace(sb[^1]) && !char.IsWhiteSpace(text[0])) sb.Append(' ');
            sb.Append(text);
        }
        return sb.ToString().Trim();
    }

    private static List<JsonElement> Column(JsonElement e, string field, string column, JsonValueKind kind, string shape)
    {
        if (!e.TryGetProperty(column, out var values) || values.ValueKind != JsonValueKind.Array)
            throw Wrong(field, $"is an object without a '{column}' list", shape);
        var list = values.EnumerateArray().ToList();
        var bad = list.FindIndex(v => v.ValueKind != kind);
        if (bad >= 0) throw Wrong(field, $"has a '{column}' value that is {JsonValues.Describe(list[bad].ValueKind)} ({JsonValues.Preview(list[bad])})", shape);
        return list;
    }

    private static RowProblem Wrong(string field, string problem, string shape) => new(field, $"the field {problem}", $"Fix the value; {shape}");
}
