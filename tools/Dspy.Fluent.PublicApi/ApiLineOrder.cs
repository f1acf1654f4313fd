namespace Dspy.Fluent.PublicApi;

/// <summary>
/// Orders baseline lines by the name they declare, not by their modifiers, so a type's line and its static and instance
/// members sit together in the file and in a review diff.
/// </summary>
internal sealed class ApiLineOrder : IComparer<string>
{
    public static readonly ApiLineOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        var byName = string.CompareOrdinal(NamePart(x ?? ""), NamePart(y ?? ""));
        return byName != 0 ? byName : string.CompareOrdinal(x, y);
    }

    /// <summary>The line from its first dotted word on: <c>static class A.B</c> and <c>static A.B.C() -> void</c> give <c>A.B…</c>.</summary>
    private static string NamePart(string line)
    {
        var text = line.StartsWith(Baseline.Removed, StringComparison.Ordinal) ? line[Baseline.Removed.Length..] : line;
        var at = 0;
        while (text.IndexOf(' ', at) is var space and >= 0 && !text[at..space].Contains('.') && !text[at..space].Contains('('))
            at = space + 1;
        return text[at..];
    }
}
