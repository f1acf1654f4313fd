using System.Text.RegularExpressions;

namespace Dspy.Docs.Tests;

/// <summary>
/// Keeps the docs honest: every C# block in the checked docs is marked <c>&lt;!-- snippet: NAME --&gt;</c> and is
/// byte-identical (after removing the region's indentation) to <c>#region NAME</c> in this project's sources, which
/// compile and run as tests. A doc block that drifts, loses its marker, or whose region is gone fails here.
/// </summary>
public sealed partial class DocSnippetTests
{
    private static readonly string[] CheckedDocs = ["docs/getting-started.md", "docs/from-dspy.md", "docs/dspy-tool.md"];

    public static TheoryData<string> Docs => new(CheckedDocs);

    internal static readonly string Root = FindRoot();

    [Theory]
    [MemberData(nameof(Docs))]
    public void Every_csharp_block_is_a_compiled_and_tested_region(string doc)
    {
        var regions = Regions();

        var blocks = Blocks(File.ReadAllText(Path.Combine(Root, doc)).ReplaceLineEndings("\n"));

        Assert.NotEmpty(blocks);
        foreach (var block in blocks)
        {
            Assert.True(block.Name is not null, $"{doc}:{block.Line}: a ```csharp block has no <!-- snippet: NAME --> marker, so no test compiles it.");
            Assert.True(regions.TryGetValue(block.Name!, out var region), $"{doc}:{block.Line}: no #region {block.Name} in tests/Dspy.Docs.Tests.");
            Assert.True(region == block.Code, $"{doc}:{block.Line}: the block differs from #region {block.Name} in tests/Dspy.Docs.Tests; copy the region into the doc.\n--- region\n{region}\n--- doc\n{block.Code}");
        }
    }

    [Fact]
    public void Every_region_appears_in_a_doc()
    {
        var used = CheckedDocs.SelectMany(d => Blocks(File.ReadAllText(Path.Combine(Root, d)).ReplaceLineEndings("\n"))).Select(b => b.Name).ToHashSet();

        var orphans = Regions().Keys.Where(name => !used.Contains(name)).ToList();

        Assert.True(orphans.Count == 0, "regions no doc shows (delete them or put them back in a doc): " + string.Join(", ", orphans));
    }

    private sealed record Block(string? Name, string Code, int Line);

    private static List<Block> Blocks(string markdown)
    {
        var lines = markdown.Split('\n');
        var blocks = new List<Block>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```csharp") continue;
            var marker = i > 0 ? Marker().Match(lines[i - 1]) : Match.Empty;
            var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
            Assert.True(end > i, $"line {i + 1}: a ```csharp block is never closed.");
            blocks.Add(new Block(marker.Success ? marker.Groups[1].Value : null, string.Join('\n', lines[(i + 1)..end]), i + 1));
            i = end;
        }
        return blocks;
    }

    private static Dictionary<string, string> Regions()
    {
        var regions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "tests", "Dspy.Docs.Tests"), "*.cs"))
        {
            var lines = File.ReadAllText(file).ReplaceLineEndings("\n").Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var start = RegionStart().Match(lines[i]);
                if (!start.Success) continue;
                var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "#endregion");
                var body = lines[(i + 1)..end];
                // The doc shows the region without the indentation it has inside its method.
                var indent = body.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
                regions.Add(start.Groups[1].Value, string.Join('\n', body.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart())));
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

    [GeneratedRegex(@"^\s*#region ([a-z0-9-]+)\s*$")]
    private static partial Regex RegionStart();
}
