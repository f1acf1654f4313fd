using System.Diagnostics.CodeAnalysis;

namespace Dspy.Fluent.Internal;

/// <summary>
/// Records met at run time as the input or output of a generic program (evaluation, metrics, optimizers), converted to and
/// from fields by reflection. The public conversions warn where the app calls them; here the program's type decides, so
/// the check is at run time: without reflection-based JSON (a trimmed or Native AOT app) the error names the type.
/// </summary>
internal static class RecordValues
{
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = DspyJson.ReflectionOptIn)]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = DspyJson.ReflectionOptIn)]
    public static Example ToExample(object record) =>
        DspyJson.IsReflectionEnabled ? Example.FromRecord(record) : throw NeedsReflection(record.GetType());

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = DspyJson.ReflectionOptIn)]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = DspyJson.ReflectionOptIn)]
    public static T ToRecord<T>(Example example) =>
        DspyJson.IsReflectionEnabled ? example.ToRecord<T>() : throw NeedsReflection(typeof(T));

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = DspyJson.ReflectionOptIn)]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = DspyJson.ReflectionOptIn)]
    public static T ToRecord<T>(Prediction prediction) =>
        DspyJson.IsReflectionEnabled ? prediction.ToRecord<T>() : throw NeedsReflection(typeof(T));

    private static NotSupportedException NeedsReflection(Type type) => new(
        $"A program's {type.Name} value is read by reflection, which this app does not keep (a trimmed or Native AOT publish). " +
        "Use Example and Prediction as the program's input and output there, or set JsonSerializerIsReflectionEnabledByDefault to true " +
        "in the app's project to opt back in.");
}
