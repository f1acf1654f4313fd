namespace Dspy.Cli.Reading;

/// <summary>One predictor's saved entry, normalised over both formats.</summary>
/// <param name="Name">The predictor's name (DSPy: its attribute path such as <c>generate_answer.predict</c>).</param>
/// <param name="Signature">The signature text (<c>question -> answer</c>), or null when the file does not record it.</param>
/// <param name="Fields">One line per field: its name or DSPy prefix with its description.</param>
/// <param name="Instructions">The effective instructions: the learned ones, else the signature's.</param>
/// <param name="Demos">The demos in order.</param>
/// <param name="Lm">LM settings that are set (model, temperature, max_tokens, …), in saved order.</param>
internal sealed record SavedPredictor(
    string Name,
    string? Signature,
    IReadOnlyList<string> Fields,
    string? Instructions,
    IReadOnlyList<SavedDemo> Demos,
    IReadOnlyList<KeyValuePair<string, string>> Lm)
{
    /// <summary>How many demos came from bootstrapped traces.</summary>
    public int BootstrappedCount => Demos.Count(d => d.Bootstrapped);

    /// <summary>How many demos are labeled training examples.</summary>
    public int LabeledCount => Demos.Count - BootstrappedCount;
}
