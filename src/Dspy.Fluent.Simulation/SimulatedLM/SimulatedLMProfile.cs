namespace Dspy.Fluent;

/// <summary>
/// The default habits of one simulated model — how it behaves when nothing in the prompt steers it. Prompts change
/// these (instructions, demos, a reasoning field); an offline fine-tune derives a new profile from training data.
/// </summary>
/// <remarks>Every value is a probability in [0, 1]. See docs/simulated-lm.md for how each one is used.</remarks>
public sealed record SimulatedLMProfile
{
    /// <summary>The habits of the base simulated model.</summary>
    public static SimulatedLMProfile Default { get; } = new();

    /// <summary>Chance of answering with the bare span rather than a sentence, when nothing asks for brevity.</summary>
    public double Brevity { get; init; } = 0.15;

    /// <summary>Chance of linking two facts (bridge entity, then its passage) when the prompt has no reasoning field.</summary>
    public double Chaining { get; init; } = 0.25;

    /// <summary>Chance of putting an entity found in the context into a search query when nothing shows that style.</summary>
    public double BridgeQueries { get; init; } = 0.2;

    /// <summary>Chance of breaking the requested output format when the prompt has no demos.</summary>
    public double FormatBreaks { get; init; } = 0.15;

    /// <summary>Throws when a value is outside [0, 1].</summary>
    /// <exception cref="ArgumentOutOfRangeException">A probability is outside [0, 1].</exception>
    public SimulatedLMProfile Validate()
    {
        foreach (var (name, value) in new[] { (nameof(Brevity), Brevity), (nameof(Chaining), Chaining), (nameof(BridgeQueries), BridgeQueries), (nameof(FormatBreaks), FormatBreaks) })
            if (value is < 0 or > 1 || double.IsNaN(value))
                throw new ArgumentOutOfRangeException(name, value, $"{name} is a probability: give a value between 0 and 1.");
        return this;
    }
}
