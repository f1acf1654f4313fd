namespace Dspy.Fluent.PublicApi;

/// <summary>One baseline file: its declared lines with their line numbers (comments and blank lines skipped).</summary>
internal sealed record BaselineFile(string Path, bool Exists, IReadOnlyList<(string Text, int Line)> Lines);

/// <summary>Reads, compares and updates the shipped/unshipped pair, with PublicApiAnalyzers' <c>*REMOVED*</c> convention.</summary>
internal static class Baseline
{
    public const string ShippedFile = "PublicAPI.Shipped.txt";
    public const string UnshippedFile = "PublicAPI.Unshipped.txt";
    public const string Removed = "*REMOVED*";

    private const string UnshippedHeader =
        "# Public API added (or *REMOVED* from the shipped file) since the last release. Checked after every build by\n" +
        "# tools/Dspy.Fluent.PublicApi; rewrite with -p:UpdatePublicApi=true. Move lines to PublicAPI.Shipped.txt on release.";

    public static BaselineFile Read(string path)
    {
        if (!File.Exists(path)) return new(path, false, []);
        var lines = new List<(string, int)>();
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var text = raw.Trim();
            if (text.Length == 0 || text.StartsWith('#')) continue;
            lines.Add((text, number));
        }
        return new(path, true, lines);
    }

    /// <summary>Every difference as an MSBuild error line (file(line): error CODE: text), the shipped file's first.</summary>
    public static IReadOnlyList<string> Compare(BaselineFile shipped, BaselineFile unshipped, IReadOnlyList<string> actual)
    {
        var problems = new List<string>();
        foreach (var file in new[] { shipped, unshipped })
            if (!file.Exists)
                problems.Add($"{file.Path}: error DSPYAPI003: {System.IO.Path.GetFileName(file.Path)} is missing; create it (it may be empty).");
        var present = new HashSet<string>(actual, StringComparer.Ordinal);
        var removed = new HashSet<string>(unshipped.Lines.Where(l => l.Text.StartsWith(Removed, StringComparison.Ordinal)).Select(l => l.Text[Removed.Length..]), StringComparer.Ordinal);
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (text, line) in shipped.Lines)
        {
            declared.Add(text);
            if (!present.Contains(text) && !removed.Contains(text))
                problems.Add($"{shipped.Path}({line},1): error DSPYAPI002: shipped public API is gone: '{text}'. Removing it breaks callers; if that is intended, add '{Removed}{text}' to {UnshippedFile}.");
        }
        foreach (var (text, line) in unshipped.Lines)
        {
            if (text.StartsWith(Removed, StringComparison.Ordinal))
            {
                var gone = text[Removed.Length..];
                if (present.Contains(gone))
                    problems.Add($"{unshipped.Path}({line},1): error DSPYAPI004: '{gone}' is marked removed but still exists; delete this line.");
                continue;
            }
            declared.Add(text);
            if (!present.Contains(text))
                problems.Add($"{unshipped.Path}({line},1): error DSPYAPI002: declared public API does not exist: '{text}'. Delete the line, or restore the member.");
        }
        foreach (var text in actual)
            if (!declared.Contains(text))
                problems.Add($"{unshipped.Path}: error DSPYAPI001: public API not declared: '{text}'. Add the line to {UnshippedFile} if the change is intended.");
        return problems;
    }

    /// <summary>Rewrites the unshipped file so the pair matches <paramref name="actual"/>.</summary>
    public static (int Added, int Removed) Update(BaselineFile shipped, BaselineFile unshipped, IReadOnlyList<string> actual)
    {
        var shippedLines = new HashSet<string>(shipped.Lines.Select(l => l.Text), StringComparer.Ordinal);
        var present = new HashSet<string>(actual, StringComparer.Ordinal);
        var lines = actual.Where(a => !shippedLines.Contains(a))
            .Concat(shippedLines.Where(s => !present.Contains(s)).Select(s => Removed + s))
            .Order(ApiLineOrder.Instance)
            .ToArray();
        var before = new HashSet<string>(unshipped.Lines.Select(l => l.Text), StringComparer.Ordinal);
        if (!shipped.Exists) File.WriteAllText(shipped.Path, "");
        File.WriteAllText(unshipped.Path, UnshippedHeader + "\n" + string.Concat(lines.Select(l => l + "\n")));
        return (lines.Count(l => !before.Contains(l)), before.Count(b => !lines.Contains(b)));
    }
}
