namespace Dspy.Fluent.Internal;

/// <summary>The messages of the trimming and AOT attributes on APIs that read user types by reflection, worded once.</summary>
internal static class TrimMessages
{
    public const string TypedSignatures =
        "Typed signatures read the record's constructor and properties by reflection and convert field values with reflection-based " +
        "System.Text.Json, which a trimmed or Native AOT app does not keep. There, use a string signature " +
        "(Predict.Create(\"qa\", \"question -> answer\")) with Example and Prediction, or publish with ReadyToRun instead.";
}
