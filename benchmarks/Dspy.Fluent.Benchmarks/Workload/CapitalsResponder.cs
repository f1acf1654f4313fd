using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Writes the reply a perfect LM would give to a prompt of the capitals workload, in whichever format the prompt asks
/// for, so one server answers Dspy.Fluent, DSPy, LMP and Ax alike:
/// <list type="bullet">
/// <item>DSPy's ChatAdapter (Dspy.Fluent, DSPy): <c>[[ ## field ## ]]</c> blocks for the fields named in "Respond with the corresponding output fields…".</item>
/// <item>DSPy's JSON adapter (the fallback of both): a JSON object with the fields named in "Respond with a JSON object…".</item>
/// <item>Ax: one <c>key: value</c> line per wire key of its <c>&lt;output_fields&gt;</c> block (JSON when a response format is set).</item>
/// <item>LMP (structured output, no field list in the prompt): a JSON object with every field its records may ask for
/// (<c>reasoning</c>, <c>answer</c>, <c>query</c>, and the same under <c>result</c> for its chain of thought); extra keys are ignored by its deserializer.</item>
/// </list>
/// The answer to "Country{i}" (the last one mentioned by the latest user message that mentions one) is <c>City{i}</c>,
/// with the same field texts as the peers' own fake servers.
/// </summary>
internal static class CapitalsResponder
{
    private const string ChatMarker = "Respond with the corresponding output fields";
    private const string JsonMarker = "Respond with a JSON object in the following order of fields:";

    // Field lists keyed by the text of the closing instruction, which is the same for every call of a signature: the
    // in-process instant LM then parses it once per signature, so the micro benchmarks measure the framework, not this.
    private static readonly object Gate = new();
    private static (string Tail, string[] Fields)[] _known = [];

    public static string Reply(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var json = options?.ResponseFormat is ChatResponseFormatJson;
        var last = LastUserText(messages);
        var index = CountryIndex(messages);
        var chat = last.LastIndexOf(ChatMarker, StringComparison.Ordinal);
        if (chat >= 0 && !json) return ChatAdapterReply(FieldsOf(last, chat), index);
        var jsonAt = last.LastIndexOf(JsonMarker, StringComparison.Ordinal);
        if (jsonAt >= 0) return JsonReply(FieldsOf(last, jsonAt), index);
        var system = messages.Count > 0 && messages[0].Role == ChatRole.System ? messages[0].Text : "";
        if (AxWireKeys(system) is { Count: > 0 } keys)
            return json ? JsonReply(keys, index) : string.Join("\n", keys.Select(k => $"{k}: {Value(k, index)}"));
        if (chat >= 0) return JsonReply(FieldsOf(last, chat), index);
        return LmpReply(index);
    }

    private static string ChatAdapterReply(IReadOnlyList<string> fields, int index)
    {
        var sb = new StringBuilder(192);
        foreach (var field in fields) sb.Append("[[ ## ").Append(field).Append(" ## ]]\n").Append(Value(field, index)).Append("\n\n");
        return sb.Append("[[ ## completed ## ]]").ToString();
    }

    private static string JsonReply(IEnumerable<string> fields, int index) =>
        JsonSerializer.Serialize(fields.ToDictionary(f => f, f => Value(f, index)));

    private static string LmpReply(int index)
    {
        var answer = Value("answer", index);
        var query = Value("query", index);
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["reasoning"] = Value("reasoning", index), ["answer"] = answer, ["query"] = query,
            ["result"] = new Dictionary<string, string> { ["answer"] = answer, ["query"] = query },
        });
    }

    /// <summary>The same texts as the peers' fake servers (<c>fake_ax_server.mjs</c>, DSPy's canned reply).</summary>
    public static string Value(string field, int index)
    {
        var city = index >= 0 ? $"City{index}" : "Unknown";
        var country = index >= 0 ? $"Country{index}" : "the country";
        return field.ToLowerInvariant() switch
        {
            "answer" => city,
            "reasoning" or "thought" => $"{country} is a synthetic country in this benchmark. Its capital city is {city}.",
            "query" or "searchquery" => $"capital city of {country}",
            "context" => $"The capital of {country} is {city}.",
            _ => $"{field} for {country}",
        };
    }

    /// <summary>The fields named in backticks after the marker at <paramref name="at"/>, without <c>completed</c>.</summary>
    private static string[] FieldsOf(string text, int at)
    {
        var tail = text.AsSpan(at);
        foreach (var (known, fields) in Volatile.Read(ref _known))
            if (tail.SequenceEqual(known)) return fields;
        var names = new List<string>();
        var rest = text[at..];
        for (var i = rest.IndexOf('`'); i >= 0 && i + 1 < rest.Length; i = rest.IndexOf('`', i + 1))
        {
            var end = rest.IndexOf('`', i + 1);
            if (end < 0) break;
            var name = rest[(i + 1)..end].Replace("[[ ## ", "", StringComparison.Ordinal).Replace(" ## ]]", "", StringComparison.Ordinal);
            if (name != "completed" && name.All(c => char.IsLetterOrDigit(c) || c == '_')) names.Add(name);
            i = end;
        }
        var result = names.ToArray();
        lock (Gate) _known = [.. _known, (rest, result)];
        return result;
    }

    private static string LastUserText(IReadOnlyList<ChatMessage> messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
            if (messages[i].Role == ChatRole.User) return messages[i].Text;
        return "";
    }

    /// <summary>The last "Country{i}" in the latest user message that mentions one (as the peers' fake servers read it).</summary>
    public static int CountryIndex(IReadOnlyList<ChatMessage> messages)
    {
        for (var m = messages.Count - 1; m >= 0; m--)
        {
            if (messages[m].Role != ChatRole.User) continue;
            var text = messages[m].Text;
            for (var at = text.LastIndexOf("Country", StringComparison.Ordinal); at >= 0; at = at == 0 ? -1 : text.LastIndexOf("Country", at - 1, StringComparison.Ordinal))
            {
                var start = at + 7;
                var end = start;
                while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
                if (end > start && int.TryParse(text.AsSpan(start, end - start), out var index)) return index;
            }
        }
        return -1;
    }

    private static List<string> AxWireKeys(string system)
    {
        var keys = new List<string>();
        var open = system.IndexOf("<output_fields>", StringComparison.Ordinal);
        if (open < 0) return keys;
        var close = system.IndexOf("</output_fields>", open, StringComparison.Ordinal);
        var block = close < 0 ? system[open..] : system[open..close];
        const string Marker = "(wire key: `";
        for (var i = block.IndexOf(Marker, StringComparison.Ordinal); i >= 0; i = block.IndexOf(Marker, i + 1, StringComparison.Ordinal))
        {
            var start = i + Marker.Length;
            var end = block.IndexOf('`', start);
            if (end > start) keys.Add(block[start..end]);
        }
        return keys;
    }
}
