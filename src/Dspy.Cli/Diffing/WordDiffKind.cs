namespace Dspy.Cli.Diffing;

/// <summary>What happened to a run of words.</summary>
internal enum WordDiffKind
{
    /// <summary>In both texts.</summary>
    Same,

    /// <summary>Only in the old text.</summary>
    Deleted,

    /// <summary>Only in the new text.</summary>
    Inserted,
}
