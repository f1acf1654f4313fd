using Dspy.Cli.Reading;

namespace Dspy.Cli.Diffing;

/// <summary>A demo present on one side only (Old or New null) or on both with different values.</summary>
/// <param name="Old">The demo before, or null when it was added.</param>
/// <param name="New">The demo after, or null when it was removed.</param>
internal sealed record DemoChange(SavedDemo? Old, SavedDemo? New);
