using System.Text.Json;

namespace Dspy.Fluent;

/// <summary>
/// Reads typed values out of a state file's JSON and collects, rather than throws, every value of the wrong JSON type or
/// out of range, so one exception can list all of a file's problems. A wrong value reads as null (or is skipped) and the
/// reader carries on; the caller throws if <see cref="Problems"/> is not empty, so no half-read state is ever returned.
/// </summary>
/// <remarks>Exists because <see cref="JsonElement"/>'s getters throw <see cref="InvalidOperationException"/> or
/// <see cref="FormatException"/> on the wrong kind, and the earlier "read it if it is a string" checks dropped compiled
/// instructions or settings without a word.</remarks>
internal sealed class StateJsonChecker
{
    private readonly List<ProgramStateProblem> _problems = [];

    public IReadOnlyList<ProgramStateProblem> Problems => _problems;

    public void Add(string path, string? predictor, string expected, JsonElement found) =>
        _problems.Add(new ProgramStateProblem(path, predictor, expected, Describe(found)));

    public void Add(string path, string? predictor, string expected, string found) =>
        _problems.Add(new ProgramStateProblem(path, predictor, expected, found));

    /// <summary>A string property that may be absent or null.</summary>
    public string? OptionalString(JsonElement parent, string name, string path, string? predictor)
    {
        if (!parent.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.String) return v.GetString();
        Add(path, predictor, "a string or null", v);
        return null;
    }

    /// <summary>An object property that may be absent or null; false (and a problem) when it is something else.</summary>
    public bool OptionalObject(JsonElement parent, string name, string path, string? predictor, out JsonElement value)
    {
        if (!parent.TryGetProperty(name, out value) || value.ValueKind == JsonValueKind.Null) return false;
        if (value.ValueKind == JsonValueKind.Object) return true;
        Add(path, predictor, "an object or null", value);
        return false;
    }

    /// <summary>A sampling temperature: a finite number of at least 0, or null.</summary>
    public float? Temperature(JsonElement parent, string path, string? predictor)
    {
        if (!parent.TryGetProperty("temperature", out var v) || v.ValueKind == JsonValueKind.Null) return null;
        const string expected = "a number of at least 0, or null";
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || !double.IsFinite(d) || d < 0 || d > float.MaxValue)
        {
            Add(path, predictor, expected, v);
            return null;
        }
        return (float)d;
    }

    /// <summary>A token limit: a whole number of at least 1 that fits an <see cref="int"/>, or null.</summary>
    public int? MaxTokens(JsonElement parent, string path, string? predictor)
    {
        if (!parent.TryGetProperty("max_tokens", out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var n) || n < 1)
        {
            Add(path, predictor, $"a whole number from 1 to {int.MaxValue}, or null", v);
            return null;
        }
        return n;
    }

    /// <summary>How a wrong value reads in a message: its JSON kind and a short preview.</summary>
    public static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => $"the string {Preview(e)}",
        JsonValueKind.Number => $"the number {Preview(e)}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {Preview(e)}",
        JsonValueKind.Array => $"a list {Preview(e)}",
        JsonValueKind.Object => $"an object {Preview(e)}",
        _ => "null",
    };

    private static string Preview(JsonElement e)
    {
        var text = e.GetRawText();
        return text.Length <= 40 ? text : text[..40] + "…";
    }

    /// <summary>The message for a file whose values are wrong: every problem, one a line, and what to do.</summary>
    public ProgramStateFormatException ToException(string source, string advice)
    {
        var message = _problems.Count == 1
            ? $"{source}: {_problems[0]}. {advice}"
            : $"{source} has {_problems.Count} values of the wrong type or out of range:\n" +
              string.Join("\n", _problems.Select(p => "  - " + p)) + $"\n{advice}";
        return new ProgramStateFormatException(message, source, _problems.FirstOrDefault(p => p.Predictor is not null)?.Predictor, _problems.ToArray());
    }
}
