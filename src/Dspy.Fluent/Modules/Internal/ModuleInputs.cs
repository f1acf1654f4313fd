namespace Dspy.Fluent.Internal;

/// <summary>Inputs narrowed to what a signature takes, so labels on a caller's example never reach a prompt, a trace or a demo.</summary>
internal static class ModuleInputs
{
    public static Example Only(Example input, IEnumerable<Field> fields)
    {
        var inputs = Example.Empty;
        foreach (var field in fields)
            if (input.TryGetValue(field.Name, out var value)) inputs = inputs.With(field.Name, value);
        return inputs.WithInputs(inputs.Keys);
    }
}
