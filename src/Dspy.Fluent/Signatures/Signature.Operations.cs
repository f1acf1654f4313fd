using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

public sealed partial class Signature
{
    /// <summary>The same fields with new instructions.</summary>
    /// <param name="instructions">The instructions; null or blank restores DSPy's default.</param>
    public Signature WithInstructions(string? instructions) => new(Name, Fields, instructions);

    /// <summary>The same fields and instructions under another name.</summary>
    /// <param name="name">The new name.</param>
    public Signature WithName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new(name, Fields, _explicitInstructions);
    }

    /// <summary>Adds an input field at the end of the inputs; default instructions follow the new fields.</summary>
    /// <param name="name">The snake_case field name.</param>
    /// <param name="description">What it holds, or null.</param>
    /// <param name="type">Its type; text when null.</param>
    public Signature WithInput(string name, string? description = null, FieldType? type = null) =>
        Build(Field.Input(name, description, type));

    /// <summary>Adds an output field at the end of the outputs; default instructions follow the new fields.</summary>
    /// <param name="name">The snake_case field name.</param>
    /// <param name="description">What it holds, or null.</param>
    /// <param name="type">Its type; text when null.</param>
    public Signature WithOutput(string name, string? description = null, FieldType? type = null) =>
        Build(Field.Output(name, description, type));

    /// <summary>Adds <paramref name="field"/> at the end of its group (inputs or outputs), keeping the instruction text.</summary>
    /// <param name="field">The field to add.</param>
    /// <remarks>Corresponds to DSPy's <c>Signature.append</c>.</remarks>
    public Signature Append(Field field) => Insert(-1, field);

    /// <summary>Adds <paramref name="field"/> at the start of its group (inputs or outputs), keeping the instruction text.</summary>
    /// <param name="field">The field to add.</param>
    /// <remarks>Corresponds to DSPy's <c>Signature.prepend</c>; ChainOfThought uses it to put <c>reasoning</c> first.</remarks>
    public Signature Prepend(Field field) => Insert(0, field);

    /// <summary>Inserts <paramref name="field"/> at <paramref name="index"/> within its group, keeping the instruction text.</summary>
    /// <param name="index">Position within the inputs or outputs; negative counts from the end (-1 appends).</param>
    /// <param name="field">The field to add.</param>
    /// <exception cref="ArgumentException">A field with that name already exists.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the group.</exception>
    public Signature Insert(int index, Field field)
    {
        ArgumentNullException.ThrowIfNull(field);
        EnsureAbsent(field.Name);
        var group = (field.IsInput ? InputFields : OutputFields).ToList();
        var at = index < 0 ? group.Count + 1 + index : index;
        if (at < 0 || at > group.Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The {field.Direction.ToString().ToLowerInvariant()}s have {Counted.Of(group.Count, "field")}; insert at 0..{group.Count} or a negative index from the end.");
        group.Insert(at, field);
        var fields = field.IsInput ? group.Concat(OutputFields) : InputFields.Concat(group);
        return new(Name, fields.ToArray(), Instructions);
    }

    /// <summary>Removes the field called <paramref name="name"/>, keeping the instruction text.</summary>
    /// <param name="name">The field to remove.</param>
    /// <exception cref="ArgumentException">No field has that name; the message lists the fields.</exception>
    public Signature Delete(string name)
    {
        var field = Require(name);
        return new(Name, Fields.Where(f => !ReferenceEquals(f, field)).ToArray(), Instructions);
    }

    /// <summary>Changes the description of one field.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="description">The new description, or null for none.</param>
    /// <exception cref="ArgumentException">No field has that name; the message lists the fields.</exception>
    public Signature WithFieldDescription(string name, string? description) =>
        Replace(name, f => f with { Description = string.IsNullOrWhiteSpace(description) ? null : description });

    /// <summary>Changes the type of one field.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="type">The new type.</param>
    /// <exception cref="ArgumentException">No field has that name; the message lists the fields.</exception>
    public Signature WithFieldType(string name, FieldType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Replace(name, f => f with { Type = type });
    }

    private Signature Replace(string name, Func<Field, Field> change)
    {
        var field = Require(name);
        return new(Name, Fields.Select(f => ReferenceEquals(f, field) ? change(f) : f).ToArray(), _explicitInstructions);
    }

    private Signature Build(Field field)
    {
        EnsureAbsent(field.Name);
        var fields = field.IsInput ? InputFields.Append(field).Concat(OutputFields) : Fields.Append(field);
        return new(Name, fields.ToArray(), _explicitInstructions);
    }

    private Field Require(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return FindField(name) ?? throw new ArgumentException(
            $"The signature '{this}' has no field '{name}'; its fields are {string.Join(", ", Fields.Select(f => f.Name))}.", nameof(name));
    }

    private void EnsureAbsent(string name)
    {
        if (FindField(name) is not null)
            throw new ArgumentException($"The signature '{this}' already has a field '{name}'; pick another name.", nameof(name));
    }
}
