using System.Text;

namespace Dspy.Fluent.Internal;

/// <summary>Name conversions between .NET members and prompt field names.</summary>
internal static class Naming
{
    /// <summary>A type's name as a user wrote it, without the generic arity suffix (<c>AttemptsProgram`2</c> → <c>AttemptsProgram</c>).</summary>
    public static string TypeName(Type type) => type.Name.IndexOf('`') is var tick and >= 0 ? type.Name[..tick] : type.Name;

    /// <summary>PascalCase or camelCase to snake_case: <c>SearchQuery</c> → <c>search_query</c>, <c>HTMLParser</c> → <c>html_parser</c>.</summary>
    public static string ToSnakeCase(string name)
    {
        if (name.Length == 0) return name;
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var prevLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var acronymEnd = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if ((prevLowerOrDigit || acronymEnd) && sb.Length > 0 && sb[^1] != '_') sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>DSPy's prompt prefix for a field name: <c>search_query</c> → <c>Search Query:</c>.</summary>
    public static string InferPrefix(string name)
    {
        var words = ToSnakeCase(name).Split('_', StringSplitOptions.RemoveEmptyEntries);
        var sb = new StringBuilder();
        foreach (var w in SplitDigits(words))
        {
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(w.Any(char.IsLetter) && w.Where(char.IsLetter).All(char.IsUpper) ? w : char.ToUpperInvariant(w[0]) + w[1..].ToLowerInvariant());
        }
        return sb.Append(':').ToString();
    }

    /// <summary>Title of a JSON schema property as pydantic writes it: <c>first_name</c> → <c>First Name</c>.</summary>
    public static string SchemaTitle(string name) =>
        string.Join(' ', name.Split('_', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => char.ToUpperInvariant(w[0]) + w[1..]));

    private static IEnumerable<string> SplitDigits(IEnumerable<string> words)
    {
        foreach (var word in words)
        {
            var start = 0;
            for (var i = 1; i <= word.Length; i++)
            {
                if (i == word.Length || char.IsDigit(word[i]) != char.IsDigit(word[i - 1]))
                {
                    yield return word[start..i];
                    start = i;
                }
            }
        }
    }

    /// <summary>Whether <paramref name="name"/> is a valid field name: a letter or underscore, then letters, digits or underscores.</summary>
    public static bool IsIdentifier(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_');
}
