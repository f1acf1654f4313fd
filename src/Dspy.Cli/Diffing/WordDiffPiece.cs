namespace Dspy.Cli.Diffing;

/// <summary>A run of text in a word diff.</summary>
/// <param name="Kind">Whether the run is kept, deleted or inserted.</param>
/// <param name="Text">The run's text, separators included.</param>
internal sealed record WordDiffPiece(WordDiffKind Kind, string Text);
