using System.Text.RegularExpressions;

namespace Dspy.Docs.Tests;

/// <summary>
/// Keeps the docs honest: every C# and F# block in the checked docs is marked <c>&lt;!-- snippet: NAME --&gt;</c> and is
/// byte-identical (after removing the region's indentation) to <c>#region NAME</c> in this project's sources or to
/// <c>// #region NAME</c> in tests/Dspy.Fluent.FSharp.Tests (F# has no region directive), which compile and run as
/// tests. A doc block that drifts, loses its marker, or whose region is gone fails here.
/// </summary>
public sealed partial class DocSnippetTests
{
    private static readonly string[] CheckedDocs =
    [
        "README.md", "docs/getting-started.md", "docs/from-dspy.md", "docs/dspy-tool.md", "docs/programs.md", "docs/data-loading.md",
        "docs/instruction-optimizers.md", "docs/scale-out.md",
    ];

    public static TheoryData<string> Docs => new(CheckedDocs);

    internal static readonly string Root = FindRoot();

    [Theory]
    [MemberData(nameof(Docs))]
    public void Every_code_block_is_a_compiled_and_tested_region(string doc)
    {
        var regions = Regions();

        var blocks = Blocks(File.ReadAllText(Path.Combine(Root, doc)).ReplaceLineEndings("\n"));

        Assert.NotEmpty(blocks);
        foreach (var block in blocks)
        {
            var home = Homes[block.Language];
            Assert.True(block.Name is not null, $"{doc}:{block.Line}: a ```{block.Language} block has no <!-- snippet: NAME --> marker, so no test compiles it.");
            Assert.True(regions.TryGetValue((block.Language, block.Name!), out var region), $"{doc}:{block.Line}: no {home.Start}{block.Name} in {home.Folder}.");
            Assert.True(region == block.Code, $"{doc}:{block.Line}: the block differs from {home.Start}{block.Name} in {home.Folder}; copy the region into the doc.\n--- region\n{region}\n--- doc\n{block.Code}");
        }
    }

    [Fact]
    public void Every_region_appears_in_a_doc()
    {
        var used = CheckedDocs.SelectMany(d => Blocks(File.ReadAllText(Path.Combine(Root, d)).ReplaceLineEndings("\n"))).Select(b => (b.Language, b.Name)).ToHashSet();

        var orphans = Regions().Keys.Where(key => !used.Contains(key)).Select(key => key.Name).ToList();

        Assert.True(orphans.Count == 0, "regions no doc shows (delete them or put them back in a doc): " + string.Join(", ", orphans));
    }

    private sealed record Block(string Language, string? Name, string Code, int Line);

    /// <summary>Where each language's regions live and how they are marked there.</summary>
    private sealed record RegionHome(string Folder, string Pattern, string Start, string End);

    private static readonly Dictionary<string, RegionHome> Homes = new(StringComparer.Ordinal)
    {
        ["csharp"] = new("tests/Dspy.Docs.Tests", "*.cs", "#region ", "#endregion"),
        ["fsharp"] = new("tests/Dspy.Fluent.FSharp.Tests", "*.fs", "// #region ", "// #endregion"),
    };

    private static List<Block> Blocks(string markdown)
    {
        var lines = markdown.Split('\n');
        var blocks = new List<Block>();
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = lines[i].Trim();
            if (!fence.StartsWith("```", StringComparison.Ordinal) || !Homes.ContainsKey(fence[3..])) continue;
            var marker = i > 0 ? Marker().Match(lines[i - 1]) : Match.Empty;
            var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
            Assert.True(end > i, $"line {i + 1}: a ```csharp block is never closed.");
            blocks.Add(new Block(fence[3..], marker.Success ? marker.Groups[1].Value : null, string.Join('\n', lines[(i + 1)..end]), i + 1));
            i = end;
        }
        return blocks;
    }

    private static Dictionary<(string Language, string Name), string> Regions()
    {
        var regions = new Dictionary<(string, string), string>();
        foreach (var (language, home) in Homes)
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, home.Folder), home.Pattern))
            {
                var lines = File.ReadAllText(file).ReplaceLineEndings("\n").Split('\n');
                for (var i = 0; i < lines.Length; i++)
                {
                    var trimmed = lines[i].Trim();
                    if (!trimmed.StartsWith(home.Start, StringComparison.Ordinal) || !RegionName().IsMatch(trimmed[home.Start.Length..])) continue;
                    var end = Array.FindIndex(lines, i + 1, l => l.Trim() == home.End);
                    Assert.True(end > i, $"{file}:{i + 1}: {trimmed} is never closed with {home.End}.");
                    var body = lines[(i + 1)..end];
                    // The doc shows the region without the indentation it has inside its method or module.
                    var indent = body.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
                    regions.Add((language, trimmed[home.Start.Length..]), string.Join('\n', body.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())));
                    i = end;
                }
            }
        return regions;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Dspy.Fluent.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Dspy.Fluent.sln above {AppContext.BaseDirectory}: the docs tests run from the checkout.");
    }

    [GeneratedRegex(@"^<!-- snippet: ([a-z0-9-]+) -->$")]
    private static partial Regex Marker();

    [GeneratedRegex(@"^[a-z0-9-]+$")]
    private static partial Regex RegionName();
}
