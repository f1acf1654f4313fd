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

        var current = -2; // -2: before any header; -1: a header that is not an output field
        var buffer = new StringBuilder();
        foreach (var line in PyText.SplitLines(reply))
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
            if (buffer.Length > 0 || current >= -1) buffer.Append('\n');
            buffer.Append(line);
        }
        Flush(current, buffer, values);

        var found = new List<string>(outputs.Count);
        for (var i = 0; i < outputs.Count; i++) if (values[i] is not null) found.Add(outputs[i].Name);
        if (found.Count < outputs.Count)
        {
            // A field that may be missing (Optional[T]) is simply None, as in DSPy.
            for (var i = 0; i < outputs.Count; i++)
                if (values[i] is null && outputs[i].Type.Kind == FieldTypeKind.Optional) values[i] = "";
            if (values.Any(v => v is null))
                throw new AdapterParseException(Name, signature, reply, found,
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
                throw new AdapterParseException(Name, signature, reply, found, ParseFailure.WrongType,
                    $"field '{field.Name}' ({field.Type.PythonName}): {e.Message}", e);
            }
        }
        return new Prediction(entries, owned: true);
    }

    private static void Flush(int current, StringBuilder buffer, string?[] values)
    {
        if (current >= 0) values[current] = PyText.Strip(buffer.ToString());
    }

    private static int IndexOf(IReadOnlyList<Field> fields, string name)
    {
        for (var i = 0; i < fields.Count; i++) if (fields[i].Name == name) return i;
        return -1;
    }

    /// <summary>Matches <c>[[ ## word ## ]]</c> at the start of the stripped line, like DSPy's <c>re.match</c>.</summary>
    private static bool TryReadHeader(string line, out string header, out string rest)
    {
        header = rest = "";
        var s = line.AsSpan().Trim();
        if (!s.StartsWith("[[ ## ")) return false;
        var nameEnd = 6;
        while (nameEnd < s.Length && (char.IsLetterOrDigit(s[nameEnd]) || s[nameEnd] == '_')) nameEnd++;
        if (nameEnd == 6 || !s[nameEnd..].StartsWith(" ## ]]")) return false;
        header = s[6..nameEnd].ToString();
        // DSPy keeps the rest of the *original* line after the match, stripped.
        var offset = line.IndexOf("[[ ## ", StringComparison.Ordinal) + nameEnd + 6;
        rest = PyText.Strip(line[offset..]);
        return true;
    }
}
