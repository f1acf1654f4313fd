using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>Reads DSPy's string form, <c>"context: list[str], question -> answer: int"</c>.</summary>
internal static class SignatureParser
{
    public static Signature Parse(string text, string? instructions, IEnumerable<Type>? types)
    {
        var known = (types ?? []).ToDictionary(t => t.Name, StringComparer.Ordinal);
        var arrows = AllIndexesOf(text, "->");
        if (arrows.Count == 0)
            throw Error(text, 1, $"has no '->' (column 1): write inputs -> outputs, e.g. \"question -> answer\".");
        if (arrows.Count > 1)
            throw Error(text, arrows[1] + 1, $"has more than one '->' (columns {string.Join(" and ", arrows.Select(a => a + 1))}): a signature is one list of inputs, '->', then one list of outputs.");

        var arrow = arrows[0];
        var inputs = ParseSide(text, 0, arrow, FieldDirection.Input, known);
        var outputs = ParseSide(text, arrow + 2, text.Length, FieldDirection.Output, known);
        if (inputs.Count == 0)
            throw Error(text, 1, "has no input fields (column 1): name at least one input before '->', e.g. \"question -> answer\".");
        if (outputs.Count == 0)
            throw Error(text, arrow + 3, $"has no output fields (column {arrow + 3}): name at least one output after '->', e.g. \"question -> answer\".");

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (field, column) in inputs.Concat(outputs))
        {
            if (seen.TryGetValue(field.Name, out var first))
                throw Error(text, column, $"names the field '{field.Name}' twice (columns {first} and {column}): give each field a distinct name.");
            seen[field.Name] = column;
        }
        return Signature.Create(inputs.Concat(outputs).Select(f => f.Field), instructions);
    }

    private static List<(Field Field, int Column)> ParseSide(string text, int start, int end, FieldDirection direction, Dictionary<string, Type> known)
    {
        var result = new List<(Field, int)>();
        foreach (var (partStart, partEnd) in SplitTopLevel(text, start, end, ','))
        {
            var (s, e) = Trim(text, partStart, partEnd);
            if (s == e)
            {
                // "a, , b" or a trailing comma: tolerated only when the whole side is empty.
                if (SplitTopLevel(text, start, end, ',').Count > 1)
                    throw Error(text, partStart + 1, $"has an empty field at column {partStart + 1}: remove the extra comma.");
                continue;
            }
            var colon = IndexOfTopLevel(text, s, e, ':');
            var (ns, ne) = Trim(text, s, colon < 0 ? e : colon);
            var name = text[ns..ne];
            if (!Naming.IsIdentifier(name))
                throw Error(text, ns + 1, $"has an invalid field name '{name}' at column {ns + 1}: field names are letters, digits and underscores, starting with a letter, and fields are separated by commas.");
            var type = FieldType.String;
            if (colon >= 0)
            {
                var (ts, te) = Trim(text, colon + 1, e);
                if (ts == te)
                    throw Error(text, colon + 2, $"has no type after '{name}:' (column {colon + 2}): write a type such as str, int or list[str], or drop the colon.");
                type = new TypeSpellingReader(text, ts, te, known).ReadAll();
            }
            result.Add((new Field(name, direction, type), ns + 1));
        }
        return result;
    }

    internal static SignatureFormatException Error(string text, int column, string detail) =>
        new(text, column, $"Signature \"{text}\" {detail}");

    private static List<int> AllIndexesOf(string text, string token)
    {
        var found = new List<int>();
        for (var i = text.IndexOf(token, StringComparison.Ordinal); i >= 0; i = text.IndexOf(token, i + token.Length, StringComparison.Ordinal))
            found.Add(i);
        return found;
    }

    private static List<(int, int)> SplitTopLevel(string text, int start, int end, char separator)
    {
        var parts = new List<(int, int)>();
        var depth = 0;
        var partStart = start;
        char? quote = null;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (quote is { } q) { if (c == q) quote = null; continue; }
            if (c is '\'' or '"') quote = c;
            else if (c is '[' or '<' or '(') depth++;
            else if (c is ']' or '>' or ')') depth--;
            else if (c == separator && depth == 0) { parts.Add((partStart, i)); partStart = i + 1; }
        }
        parts.Add((partStart, end));
        return parts;
    }

    private static int IndexOfTopLevel(string text, int start, int end, char target)
    {
        var depth = 0;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (c is '[' or '<' or '(') depth++;
            else if (c is ']' or '>' or ')') depth--;
            else if (c == target && depth == 0) return i;
        }
        return -1;
    }

    private static (int, int) Trim(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        return (start, end);
    }
}
