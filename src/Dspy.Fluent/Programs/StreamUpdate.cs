namespace Dspy.Fluent;

/// <summary>One piece of a streamed run: text arriving for an output field, a field finished, or the program's output.</summary>
/// <typeparam name="TOut">The program's output type.</typeparam>
public sealed record StreamUpdate<TOut>
{
    /// <summary>The predictor whose reply is streaming, or null for the final output update.</summary>
    public string? Predictor { get; init; }

    /// <summary>The output field the text belongs to, or null for the final output update.</summary>
    public string? Field { get; init; }

    /// <summary>New text for <see cref="Field"/> (raw, as the LM wrote it); empty when the update only closes the field.</summary>
    public string Delta { get; init; } = "";

    /// <summary>Whether <see cref="Field"/> is complete (its parsed value is in <see cref="Value"/>).</summary>
    public bool FieldCompleted { get; init; }

    /// <summary>The parsed value of a completed field.</summary>
    public object? Value { get; init; }

    /// <summary>Whether this is the last update, carrying the program's <see cref="Output"/>.</summary>
    public bool IsFinal { get; init; }

    /// <summary>The program's output, on the final update.</summary>
    public TOut? Output { get; init; }
}
