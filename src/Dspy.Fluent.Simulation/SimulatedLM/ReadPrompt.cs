namespace Dspy.Fluent.Simulation;

/// <summary>A field as the simulated LM recovered it from a system message.</summary>
internal sealed record ReadField(string Name, string Type, string Description);

/// <summary>One demo recovered from a user/assistant pair: its input blocks and its output blocks.</summary>
internal sealed record ReadDemo(IReadOnlyDictionary<string, string> Inputs, IReadOnlyDictionary<string, string> Outputs);

/// <summary>Everything the simulated LM understood of a request.</summary>
internal sealed record ReadPrompt(
    IReadOnlyList<ReadField> InputFields,
    IReadOnlyList<ReadField> OutputFields,
    string Instructions,
    IReadOnlyList<ReadDemo> Demos,
    IReadOnlyDictionary<string, string> Inputs,
    bool JsonMode)
{
    public bool HasOutput(string name) => OutputFields.Any(f => f.Name == name);

    public string? Input(string name) => Inputs.TryGetValue(name, out var v) ? v : null;

    /// <summary>All instruction-like text: the objective plus output field descriptions.</summary>
    public string Guidance => Instructions + "\n" + string.Join("\n", OutputFields.Select(f => f.Description));
}
