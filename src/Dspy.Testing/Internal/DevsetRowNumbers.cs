using System.Runtime.CompilerServices;

namespace Dspy.Fluent.Internal;

/// <summary>
/// The row number of each example a devset attribute handed to a theory, so a failing <c>ShouldPassAsync</c> names the
/// row its label names ("#7: …"); the assertion evaluates one example, whose own index is always 0.
/// </summary>
/// <remarks>Kept beside the example, not in a field of it: a field would reach the program's labels and the metric.
/// Keyed by reference, as a row hands the test the very instance it made (or, after discovery, the one its serializer read back).</remarks>
internal static class DevsetRowNumbers
{
    private static readonly ConditionalWeakTable<Example, StrongBox<int>> Rows = new();

    public static Example Remember(Example example, int row)
    {
        Rows.AddOrUpdate(example, new StrongBox<int>(row));
        return example;
    }

    public static int? Of(Example example) => Rows.TryGetValue(example, out var row) ? row.Value : null;
}
