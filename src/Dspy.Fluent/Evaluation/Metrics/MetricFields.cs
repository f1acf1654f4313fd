using System.Collections;
using System.Text.Json;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>How the built-in metrics read labels, predicted answers and retrieved passages.</summary>
internal static class MetricFields
{
    /// <summary>The trace entry kind of a retrieval step; its outputs hold <see cref="PassagesField"/>.</summary>
    public const string RetrieveKind = "Retrieve";

    public const string PassagesField = "passages";

    /// <summary>The acceptable answers in a label: a string, or a list of strings (any value is read as text).</summary>
    public static IReadOnlyList<string> Answers(Example example, string field)
    {
        if (!example.TryGetValue(field, out var value))
            throw new KeyNotFoundException(
                $"The example has no label '{field}' to compare with; its fields are {Describe(example)}. Add the label to the devset, or pick the field the metric reads.");
        var answers = Texts(value);
        if (answers.Count == 0)
            throw new ArgumentException($"The example's label '{field}' is an empty list: give at least one acceptable answer.");
        return answers;
    }

    /// <summary>The predicted text of <paramref name="field"/>.</summary>
    public static string Predicted(Prediction prediction, string field)
    {
        if (prediction.TryGetValue(field, out var value)) return Text(value);
        throw new KeyNotFoundException(
            $"The prediction has no field '{field}'; its fields are {Describe(prediction)}. Return a record with a property named like the field " +
            $"(e.g. Answer → '{Predictions.AnswerField}'), a string (read as '{Predictions.AnswerField}'), or pick the field the metric reads.");
    }

    /// <summary>The retrieved passages: from the trace's Retrieve steps, else the prediction's <c>context</c> or <c>passages</c> field; null when there are none anywhere.</summary>
    public static IReadOnlyList<string>? Passages(MetricContext context)
    {
        List<string>? passages = null;
        foreach (var entry in context.Trace)
        {
            if (!string.Equals(entry.Kind, RetrieveKind, StringComparison.Ordinal)) continue;
            passages ??= [];
            if (entry.Outputs.TryGetValue(PassagesField, out var value)) passages.AddRange(Texts(value));
        }
        if (passages is not null) return passages;
        foreach (var field in new[] { "context", PassagesField })
            if (context.Prediction.TryGetValue(field, out var value)) return Texts(value);
        return null;
    }

    /// <summary>A passage's title: the text before <c>" | "</c> (DSPy's <c>"title | text"</c> form), else the whole passage.</summary>
    public static string Title(string passage)
    {
        var bar = passage.IndexOf(" | ", StringComparison.Ordinal);
        return bar < 0 ? passage : passage[..bar];
    }

    public static IReadOnlyList<string> Texts(object? value) => value switch
    {
        null => [],
        string s => [s],
        JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Select(e => Text(e)).ToArray(),
        JsonElement e => [Text(e)],
        IDictionary => [Text(value)],
        IEnumerable items => items.Cast<object?>().Select(Text).ToArray(),
        _ => [Text(value)],
    };

    /// <summary>One value as text; a passage-like object with title and text reads as <c>"title | text"</c>.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? "",
        JsonElement { ValueKind: JsonValueKind.Object } e when e.TryGetProperty("title", out var title) && e.TryGetProperty("text", out var text) =>
            $"{Text(title)} | {Text(text)}",
        JsonElement e => e.GetRawText(),
        IReadOnlyDictionary<string, object?> map when map.TryGetValue("title", out var title) && map.TryGetValue("text", out var text) =>
            $"{Text(title)} | {Text(text)}",
        bool or IConvertible or Enum => (string)ValueConverter.To(value, typeof(string))!,
        // Records such as a retriever's Passage: their string form is the text ("title | text").
        _ => value.ToString() ?? "",
    };

    private static string Describe(FieldValues values) => values.Count == 0 ? "(none)" : string.Join(", ", values.Keys);
}
