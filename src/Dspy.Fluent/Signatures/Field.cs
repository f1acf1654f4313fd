using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>One input or output of a <see cref="Signature"/>.</summary>
/// <remarks>Corresponds to DSPy's <c>dspy.InputField</c> / <c>dspy.OutputField</c>.</remarks>
public sealed record Field
{
    /// <summary>Creates a field.</summary>
    /// <param name="name">The snake_case name shown in prompts, e.g. <c>question</c>.</param>
    /// <param name="direction">Input or output.</param>
    /// <param name="type">The value type; <see cref="FieldType.String"/> when null.</param>
    /// <param name="description">What the field holds, shown to the LM; null for none.</param>
    /// <exception cref="ArgumentException">The name is not an identifier (letters, digits, underscores).</exception>
    public Field(string name, FieldDirection direction, FieldType? type = null, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Naming.IsIdentifier(name))
            throw new ArgumentException($"'{name}' is not a valid field name: use letters, digits and underscores, starting with a letter, e.g. \"search_query\".", nameof(name));
        Name = name;
        Direction = direction;
        Type = type ?? FieldType.String;
        Description = string.IsNullOrWhiteSpace(description) ? null : description;
    }

    /// <summary>The name shown in prompts and used as the key of inputs, outputs and demos.</summary>
    public string Name { get; init; }

    /// <summary>Input or output.</summary>
    public FieldDirection Direction { get; init; }

    /// <summary>The value type.</summary>
    public FieldType Type { get; init; }

    /// <summary>What the field holds, shown after its name in the system message; null for none.</summary>
    public string? Description { get; init; }

    /// <summary>Optional constraints rendered on a <c>Constraints:</c> line under the field, as DSPy does.</summary>
    public string? Constraints { get; init; }

    /// <summary>Whether the caller supplies this field.</summary>
    public bool IsInput => Direction == FieldDirection.Input;

    /// <summary>Whether the LM produces this field.</summary>
    public bool IsOutput => Direction == FieldDirection.Output;

    /// <summary>DSPy's legacy prefix for this field (<c>search_query</c> → <c>Search Query:</c>), kept for saved-state compatibility.</summary>
    public string Prefix => Naming.InferPrefix(Name);

    /// <summary>An input field.</summary>
    /// <param name="name">The snake_case name.</param>
    /// <param name="description">What it holds, or null.</param>
    /// <param name="type">Its type; text when null.</param>
    public static Field Input(string name, string? description = null, FieldType? type = null) =>
        new(name, FieldDirection.Input, type, description);

    /// <summary>An output field.</summary>
    /// <param name="name">The snake_case name.</param>
    /// <param name="description">What it holds, or null.</param>
    /// <param name="type">Its type; text when null.</param>
    public static Field Output(string name, string? description = null, FieldType? type = null) =>
        new(name, FieldDirection.Output, type, description);

    /// <summary><c>name (type)</c>, as in a signature string.</summary>
    public override string ToString() => Type.IsString && !Type.IsReasoning ? Name : $"{Name}: {Type.Spelling}";
}
