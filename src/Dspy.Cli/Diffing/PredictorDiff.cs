using Dspy.Cli.Reading;

namespace Dspy.Cli.Diffing;

/// <summary>What changed in one predictor; Old or New is null when the predictor was added or removed.</summary>
/// <param name="Name">The predictor's name.</param>
/// <param name="Old">Its entry before.</param>
/// <param name="New">Its entry after.</param>
/// <param name="Instructions">The word diff of the instructions, or null when they are equal.</param>
/// <param name="SignatureChanged">True when the signature text differs.</param>
/// <param name="FieldsRemoved">Field lines only in the old entry.</param>
/// <param name="FieldsAdded">Field lines only in the new entry.</param>
/// <param name="Demos">Demos added, removed or changed.</param>
/// <param name="LmChanged">True when the LM settings differ.</param>
/// <param name="DemoOrderChanged">True when the same demos appear in a different order (order is part of the prompt).</param>
internal sealed record PredictorDiff(
    string Name,
    SavedPredictor? Old,
    SavedPredictor? New,
    IReadOnlyList<WordDiffPiece>? Instructions,
    bool SignatureChanged,
    IReadOnlyList<string> FieldsRemoved,
    IReadOnlyList<string> FieldsAdded,
    IReadOnlyList<DemoChange> Demos,
    bool LmChanged,
    bool DemoOrderChanged)
{
    /// <summary>True when nothing differs.</summary>
    public bool IsEmpty =>
        Old is not null && New is not null && Instructions is null && !SignatureChanged && FieldsRemoved.Count == 0 &&
        FieldsAdded.Count == 0 && Demos.Count == 0 && !LmChanged && !DemoOrderChanged;
}
