using Dspy.Fluent.Internal;

namespace Dspy.Fluent.Tests;

public sealed class UnifiedDiffTests
{
    private static readonly string[] Lines = [.. Enumerable.Range(1, 20).Select(i => $"line {i}")];

    [Fact]
    public void Equal_lines_have_no_hunks()
    {
        Assert.Equal("", UnifiedDiff.Format(Lines, Lines));
    }

    [Fact]
    public void Changes_far_apart_get_a_hunk_each_with_three_lines_of_context()
    {
        var changed = Lines.Select(l => l is "line 3" or "line 17" ? l + "!" : l).ToArray();

        var diff = UnifiedDiff.Format(Lines, changed);

        Assert.Equal(
            "@@ -1,6 +1,6 @@\n line 1\n line 2\n-line 3\n+line 3!\n line 4\n line 5\n line 6\n" +
            "@@ -14,7 +14,7 @@\n line 14\n line 15\n line 16\n-line 17\n+line 17!\n line 18\n line 19\n line 20\n", diff);
    }

    [Fact]
    public void Changes_whose_context_touches_share_one_hunk()
    {
        var changed = Lines.Select(l => l is "line 5" or "line 10" ? l + "!" : l).ToArray();

        var diff = UnifiedDiff.Format(Lines, changed);

        Assert.Single(diff.Split('\n'), l => l.StartsWith("@@", StringComparison.Ordinal));
        Assert.StartsWith("@@ -2,12 +2,12 @@\n", diff);
    }

    [Fact]
    public void Inserted_lines_are_counted_on_the_new_side_only()
    {
        var changed = Lines.Take(10).Append("inserted").Concat(Lines.Skip(10)).ToArray();

        var diff = UnifiedDiff.Format(Lines, changed);

        Assert.Equal("@@ -8,6 +8,7 @@\n line 8\n line 9\n line 10\n+inserted\n line 11\n line 12\n line 13\n", diff);
    }
}
