using System.Text;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

public partial class ChatAdapter
{
    /// <summary>
    /// Reads output fields from a reply split at lines that start with <c>[[ ## name ## ]]</c>. Text after a header on
    /// the same line belongs to the field; the first occurrence of a field wins; values are trimmed and converted to
    /// the field's type.
    /// </summary>
    /// <param name="signature">The signature whose outputs are expected.</param>
    /// <param name="reply">The reply text.</param>
    /// <exception cref="AdapterParseException">A field is missing or its value does not fit its type.</exception>
    public virtual Prediction Parse(Signature signature, string reply)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(reply);
        var outputs = signature.OutputFields;
        var values = new string?[outputs.Count];
        var sawAnyHeader = false;

        // Lines are read as spans of the reply and only an output field's own text is copied, once: this runs on every LM
        // call, and splitting the reply into line strings first allocated several times the reply's size.
        var current = -2; // -2: before any header; -1: a header that is not an output field
        var buffer = StringBuilderCache.Acquire();
        var text = reply.AsSpan();
        var position = 0;
        while (NextLine(text, ref position, out var line))
        {
            if (TryReadHeader(line, out var header, out var rest))
            {
                Flush(current, buffer, values);
                sawAnyHeader = true;
                current = IndexOf(outputs, header);
                if (current >= 0 && values[current] is not null) current = -1; // first occurrence wins
                buffer.Clear();
                if (rest.Length > 0) buffer.Append(rest);
                continue;
            }
            if (current < 0) continue; // text outside an output field is never read
            buffer.Append('\n').Append(line); // stripped at the end, as DSPy joins the lines and strips the value
        }
        Flush(current, buffer, values);
        StringBuilderCache.Release(buffer);

        if (Array.IndexOf(values, null) >= 0)
        {
            // A field that may be missing (Optional[T]) is simply None, as in DSPy.
            for (var i = 0; i < outputs.Count; i++)
                if (values[i] is null && outputs[i].Type.Kind == FieldTypeKind.Optional) values[i] = "";
            if (values.Any(v => v is null))
                throw new AdapterParseException(Name, signature, reply, Found(outputs, values),
                    sawAnyHeader ? ParseFailure.MissingFields : ParseFailure.Unstructured,
                    sawAnyHeader ? null : "no [[ ## field ## ]] headers");
        }

        var entries = new KeyValuePair<string, object?>[outputs.Count];
        for (var i = 0; i < outputs.Count; i++)
        {
            var field = outputs[i];
            try
            {
                entries[i] = new(field.Name, FieldValueParser.Parse(values[i]!, field.Type));
            }
            catch (FormatException e)
            {
                throw new AdapterParseException(Name, signature, reply, Found(outputs, values), ParseFailure.WrongType,
                    $"field '{field.Name}' ({field.Type.PythonName}): {e.Message}", e);
            }
        }
        return new Prediction(entries, owned: true);
    }

    /// <summary>The output fields that were found (for error reports only).</summary>
    private static List<string> Found(IReadOnlyList<Field> outputs, string?[] values)
    {
        var found = new List<string>(outputs.Count);
        for (var i = 0; i < outputs.Count; i++) if (values[i] is not null) found.Add(outputs[i].Name);
        return found;
    }

    /// <summary>The next line of <paramref name="text"/> at <paramref name="position"/>, split where Python's <c>str.splitlines()</c> splits.</summary>
    private static bool NextLine(ReadOnlySpan<char> text, ref int position, out ReadOnlySpan<char> line)
    {
        if (position >= text.Length)
        {
            line = default;
            return false;
        }
        for (var i = position; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029')
            {
                line = text[position..i];
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                position = i + 1;
                return true;
            }
        }
        line = text[position..];
        position = text.Length;
        return true;
    }

    private static void Flush(int current, StringBuilder buffer, string?[] values)
    {
        if (current < 0) return;
        var start = 0;
        var end = buffer.Length;
        while (start < end && PyText.IsSpace(buffer[start])) start++;
        while (end > start && PyText.IsSpace(buffer[end - 1])) end--;
        values[current] = end == start ? "" : buffer.ToString(start, end - start);
    }

    private static int IndexOf(IReadOnlyList<Field> fields, ReadOnlySpan<char> name)
    {
        for (var i = 0; i < fields.Count; i++) if (name.SequenceEqual(fields[i].Name)) return i;
        return -1;
    }

    /// <summary>Matches <c>[[ ## word ## ]]</c> at the start of the stripped line, like DSPy's <c>re.match</c>.</summary>
    private static bool TryReadHeader(ReadOnlySpan<char> line, out ReadOnlySpan<char> header, out ReadOnlySpan<char> rest)
    {
        header = rest = default;
        var s = line.Trim();
        if (!s.StartsWith("[[ ## ")) return false;
        var nameEnd = 6;
        while (nameEnd < s.Length && (char.IsLetterOrDigit(s[nameEnd]) || s[nameEnd] == '_')) nameEnd++;
        if (nameEnd == 6 || !s[nameEnd..].StartsWith(" ## ]]")) return false;
        header = s[6..nameEnd];
        // DSPy keeps the rest of the *original* line after the match, stripped.
        var offset = line.IndexOf("[[ ## ", StringComparison.Ordinal) + nameEnd + 6;
        rest = Strip(line[offset..]);
        return true;
    }

    private static ReadOnlySpan<char> Strip(ReadOnlySpan<char> s)
    {
        var start = 0;
        var end = s.Length;
        while (start < end && PyText.IsSpace(s[start])) start++;
        while (end > start && PyText.IsSpace(s[end - 1])) end--;
        return s[start..end];
    }
}
