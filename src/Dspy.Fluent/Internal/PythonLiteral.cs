namespace Dspy.Fluent.Internal;

/// <summary>Python's spelling of string literals inside type annotations, as DSPy prints them.</summary>
internal static class PythonLiteral
{
    public static string Quote(string s)
    {
        var hasSingle = s.Contains('\'');
        var hasDouble = s.Contains('"');
        if (hasSingle && !hasDouble) return $"\"{s}\"";
        if (hasDouble && !hasSingle) return $"'{s}'";
        if (hasSingle && hasDouble) return $"'{s.Replace("'", "\\'")}'";
        return $"'{s}'";
    }
}
