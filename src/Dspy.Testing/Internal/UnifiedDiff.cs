using System.Globalization;
using System.Text;
using DiffPlex;
using DiffPlex.Chunkers;

namespace Dspy.Fluent.Internal;

/// <summary>A line diff in the unified format <c>git diff</c> prints (<c>@@ -a,b +c,d @@</c> hunks, <c>-</c>/<c>+</c>/space lines).</summary>
internal static class UnifiedDiff
{
    /// <summary>The hunks between two line lists; empty when they are equal.</summary>
    public static string Format(IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines, int context = 3)
    {
        // Lines are joined with \n and chunked back by DiffPlex; a line holding \r would split differently, so none should.
        var result = Differ.Instance.CreateDiffs(string.Join('\n', oldLines), string.Join('\n', newLines), ignoreWhiteSpace: false, ignoreCase: false, LineChunker.Instance);
        var blocks = result.DiffBlocks;
        var old = result.PiecesOld;
        var now = result.PiecesNew;
        var sb = new StringBuilder();
        var i = 0;
        while (i < blocks.Count)
        {
            // Blocks whose context windows touch go into one hunk, as git does.
            var j = i;
            while (j + 1 < blocks.Count && blocks[j + 1].DeleteStartA - (blocks[j].DeleteStartA + blocks[j].DeleteCountA) <= 2 * context) j++;
            var startA = Math.Max(0, blocks[i].DeleteStartA - context);
            var endA = Math.Min(old.Count, blocks[j].DeleteStartA + blocks[j].DeleteCountA + context);
            var startB = blocks[i].InsertStartB - (blocks[i].DeleteStartA - startA);
            var endB = Math.Min(now.Count, blocks[j].InsertStartB + blocks[j].InsertCountB + (endA - (blocks[j].DeleteStartA + blocks[j].DeleteCountA)));
            sb.Append(CultureInfo.InvariantCulture, $"@@ -{Range(startA, endA - startA)} +{Range(startB, endB - startB)} @@\n");
            var a = startA;
            for (var k = i; k <= j; k++)
            {
                var block = blocks[k];
                for (; a < block.DeleteStartA; a++) sb.Append(' ').Append(old[a]).Append('\n');
                for (var d = 0; d < block.DeleteCountA; d++) sb.Append('-').Append(old[block.DeleteStartA + d]).Append('\n');
                for (var n = 0; n < block.InsertCountB; n++) sb.Append('+').Append(now[block.InsertStartB + n]).Append('\n');
                a = block.DeleteStartA + block.DeleteCountA;
            }
            for (; a < endA; a++) sb.Append(' ').Append(old[a]).Append('\n');
            i = j + 1;
        }
        return sb.ToString();
    }

    // Unified diff ranges are 1-based; an empty range names the line before it, as GNU diff does.
    private static string Range(int start, int count) => count == 1
        ? (start + 1).ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{(count == 0 ? start : start + 1)},{count}");
}
