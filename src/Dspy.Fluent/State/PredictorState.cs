using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>
/// The learnable parameters of one predictor: instructions, demos and LM settings an optimizer chose.
/// </summary>
/// <remarks>Immutable; a null member means "as the predictor declares it".</remarks>
public sealed record PredictorState
{
    /// <summary>No changes: the predictor runs as declared.</summary>
    public static PredictorState Empty { get; } = new();

    /// <summary>Instructions replacing the signature's, or null to keep them.</summary>
    public string? Instructions { get; init; }

    /// <summary>Few-shot demos shown before the current input, in order.</summary>
    public IReadOnlyList<Example> Demos { get; init; } = [];

    /// <summary>The model id this predictor should use (e.g. a fine-tuned model), or null.</summary>
    public string? Model { get; init; }

    /// <summary>A sampling temperature for this predictor, or null.</summary>
    public float? Temperature { get; init; }

    /// <summary>A reply token limit for this predictor, or null.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>The signature this state was compiled for, or null when unknown; saving writes it and loading checks it.</summary>
    public Signature? Signature { get; init; }

    /// <summary>The demo key DSPy uses to mark a demo that came from a bootstrapped trace rather than from labels.</summary>
    public const string AugmentedKey = "augmented";

    /// <summary>This state with other demos.</summary>
    /// <param name="demos">The demos.</param>
    public PredictorState WithDemos(IEnumerable<Example> demos)
    {
        ArgumentNullException.ThrowIfNull(demos);
        return this with { Demos = demos.ToArray() };
    }

    /// <inheritdoc />
    public bool Equals(PredictorState? other) =>
        other is not null && Instructions == other.Instructions && Model == other.Model &&
        Temperature == other.Temperature && MaxTokens == other.MaxTokens && Equals(Signature, other.Signature) &&
        Demos.SequenceEqual(other.Demos);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Instructions, Model, Temperature, MaxTokens, Demos.Count);

    private bool PrintMembers(System.Text.StringBuilder sb)
    {
        sb.Append($"Instructions = {Instructions ?? "(declared)"}, Demos = {Demos.Count}");
        if (Model is not null) sb.Append($", Model = {Model}");
        return true;
    }
}
