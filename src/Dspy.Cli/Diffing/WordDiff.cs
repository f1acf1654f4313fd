using DiffPlex;
using DiffPlex.Chunkers;

namespace Dspy.Cli.Diffing;

/// <summary>Word-level diff of two texts (DiffPlex), merged into runs so a reworded phrase reads as one change.</summary>
internal static class WordDiff
{
    public static IReadOnlyList<WordDiffPiece> Compute(string oldText, string newText)
    {
        var result = Differ.Instance.CreateDiffs(oldText, newText, ignoreWhiteSpace: false, ignoreCase: false, WordChunker.Instance);
        var pieces = new List<WordDiffPiece>();
        var a = 0;
        foreach (var block in result.DiffBlocks)
        {
            Add(pieces, WordDiffKind.Same, result.PiecesOld, a, block.DeleteStartA - a);
            Add(pieces, WordDiffKind.Deleted, result.PiecesOld, block.DeleteStartA, block.DeleteCountA);
            Add(pieces, WordDiffKind.Inserted, result.PiecesNew, block.InsertStartB, block.InsertCountB);
            a = block.DeleteStartA + block.DeleteCountA;
        }
        Add(pieces, WordDiffKind.Same, result.PiecesOld, a, result.PiecesOld.Count - a);
        return pieces;
    }

    private static void Add(List<WordDiffPiece> pieces, WordDiffKind kind, IReadOnlyList<string> source, int start, int count)
    {
        if (count <= 0) return;
        var text = string.Concat(source.Skip(start).Take(count));
        if (pieces.Count > 0 && pieces[^1].Kind == kind) pieces[^1] = pieces[^1] with { Text = pieces[^1].Text + text };
        else pieces.Add(new WordDiffPiece(kind, text));
    }
}
