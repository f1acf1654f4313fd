using System.Diagnostics.CodeAnalysis;
using System.Text;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>
/// What one LM step takes and gives: ordered input and output fields plus instructions. Never how to prompt.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.Signature</c>. Signatures are immutable values with structural equality: every
/// operation returns a new signature.</para>
/// <para>When no instructions are given, they are DSPy's default, <c>Given the fields `a`, `b`, produce the fields `c`.</c>
/// The DSPy operations <see cref="Append"/>, <see cref="Prepend"/>, <see cref="Insert"/> and <see cref="Delete"/> keep the
/// instruction text as it was (as DSPy does, so a chain-of-thought prompt matches DSPy's); the fluent builders
/// <see cref="WithInput(string, string?, FieldType?)"/> and <see cref="WithOutput(string, string?, FieldType?)"/> keep default instructions in step with the fields.</para>
/// </remarks>
/// <example>
/// <code>
/// var qa = Signature.Parse("context: list[str], question -> answer");
/// var typed = Signature.From&lt;GenerateAnswer, Answer&gt;();
/// var built = Signature.Create().WithInput("question").WithOutput("answer", "often between 1 and 5 words");
/// </code>
/// </example>
public sealed partial class Signature : IEquatable<Signature>
{
    /// <summary>The name DSPy gives signatures made from strings.</summary>
    public const string DefaultName = "StringSignature";

    private readonly string? _explicitInstructions;
    private string? _defaultInstructions;

    private Signature(string name, IReadOnlyList<Field> fields, string? instructions)
    {
        Name = name;
        Fields = fields;
        _explicitInstructions = string.IsNullOrWhiteSpace(instructions) ? null : instructions;
        InputFields = fields.Where(f => f.IsInput).ToArray();
        OutputFields = fields.Where(f => f.IsOutput).ToArray();
    }

    /// <summary>A label for the signature: the input record's type name, or <c>StringSignature</c>.</summary>
    public string Name { get; }

    /// <summary>All fields, inputs first, each group in declaration order.</summary>
    public IReadOnlyList<Field> Fields { get; }

    /// <summary>The input fields in order.</summary>
    public IReadOnlyList<Field> InputFields { get; }

    /// <summary>The output fields in order.</summary>
    public IReadOnlyList<Field> OutputFields { get; }

    /// <summary>The task description given to the LM; DSPy's default sentence when none was set.</summary>
    public string Instructions => _explicitInstructions ?? (_defaultInstructions ??= DefaultInstructionsFor(Fields));

    /// <summary>Whether <see cref="Instructions"/> is DSPy's default sentence derived from the fields.</summary>
    public bool HasDefaultInstructions => _explicitInstructions is null;

    /// <summary>An empty signature to build fluently; add fields with <see cref="WithInput(string, string?, FieldType?)"/> and <see cref="WithOutput(string, string?, FieldType?)"/>.</summary>
    /// <param name="instructions">The instructions, or null for DSPy's default.</param>
    public static Signature Create(string? instructions = null) => new(DefaultName, [], instructions);

    /// <summary>A signature from fields (inputs and outputs in any order; inputs are placed first).</summary>
    /// <param name="fields">The fields.</param>
    /// <param name="instructions">The instructions, or null for DSPy's default.</param>
    /// <exception cref="ArgumentException">Two fields share a name.</exception>
    public static Signature Create(IEnumerable<Field> fields, string? instructions = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return Validated(DefaultName, Order(fields), instructions);
    }

    /// <summary>Reads DSPy's string form, e.g. <c>"context: list[str], question -> answer: int"</c>.</summary>
    /// <param name="signature">Comma-separated inputs, <c>-&gt;</c>, comma-separated outputs; a field without a type is text.
    /// Python (<c>str, int, float, bool, list[T], dict[K, V], Literal['a', 'b'], Optional[T]</c>) and C#
    /// (<c>string, int, double, bool, IReadOnlyList&lt;T&gt;, T?</c>) spellings are accepted.</param>
    /// <param name="instructions">The instructions, or null for DSPy's default.</param>
    /// <param name="types">Enum and record types the string may name, matched by their .NET type name.</param>
    /// <exception cref="SignatureFormatException">The text is not a signature; the message names the column and the fix.</exception>
    public static Signature Parse(string signature, string? instructions = null, IEnumerable<Type>? types = null)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return SignatureParser.Parse(signature, instructions, types);
    }

    /// <summary>A signature from an input record and an output record; the input type's <see cref="System.ComponentModel.DescriptionAttribute"/> is the instructions.</summary>
    /// <typeparam name="TInput">A C# or F# record whose properties are the input fields.</typeparam>
    /// <typeparam name="TOutput">A record whose properties are the output fields.</typeparam>
    /// <remarks>Property names become snake_case field names (<c>SearchQuery</c> → <c>search_query</c>) unless a
    /// <see cref="System.Text.Json.Serialization.JsonPropertyNameAttribute"/> names them.</remarks>
    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    public static Signature From<TInput, TOutput>() => From(typeof(TInput), typeof(TOutput));

    /// <summary>A signature from an input record type and an output record type.</summary>
    /// <param name="inputType">The record whose properties are the inputs; its description is the instructions.</param>
    /// <param name="outputType">The record whose properties are the outputs.</param>
    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    public static Signature From(Type inputType, Type outputType)
    {
        ArgumentNullException.ThrowIfNull(inputType);
        ArgumentNullException.ThrowIfNull(outputType);
        var fields = RecordShape.Of(inputType).Select(p => new Field(p.Name, FieldDirection.Input, p.Type, p.Description))
            .Concat(RecordShape.Of(outputType).Select(p => new Field(p.Name, FieldDirection.Output, p.Type, p.Description)))
            .ToList();
        if (!fields.Any(f => f.IsInput))
            throw new ArgumentException($"The input type {inputType.Name} has no public properties: each property is one input field.", nameof(inputType));
        if (!fields.Any(f => f.IsOutput))
            throw new ArgumentException($"The output type {outputType.Name} has no public properties: each property is one output field.", nameof(outputType));
        var instructions = RecordShape.TypeDescription(inputType) ?? RecordShape.TypeDescription(outputType);
        return Validated(inputType.Name, fields, instructions);
    }

    /// <summary>DSPy's default instructions for the given fields.</summary>
    /// <param name="fields">The fields.</param>
    public static string DefaultInstructionsFor(IEnumerable<Field> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var list = fields.ToList();
        var inputs = string.Join(", ", list.Where(f => f.IsInput).Select(f => $"`{f.Name}`"));
        var outputs = string.Join(", ", list.Where(f => f.IsOutput).Select(f => $"`{f.Name}`"));
        return $"Given the fields {inputs}, produce the fields {outputs}.";
    }

    /// <summary>The field with this name, or null.</summary>
    /// <param name="name">The field name.</param>
    public Field? FindField(string name) => Fields.FirstOrDefault(f => f.Name == name);

    /// <summary>The signature in DSPy's string form, e.g. <c>question -&gt; answer: int</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendJoin(", ", InputFields).Append(" -> ").AppendJoin(", ", OutputFields);
        return sb.ToString();
    }

    /// <inheritdoc />
    public bool Equals(Signature? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            (Name == other.Name && Instructions == other.Instructions && Fields.SequenceEqual(other.Fields)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Signature);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Name);
        h.Add(Instructions);
        foreach (var f in Fields) h.Add(f);
        return h.ToHashCode();
    }

    /// <summary>Structural equality.</summary>
    public static bool operator ==(Signature? left, Signature? right) => Equals(left, right);

    /// <summary>Structural inequality.</summary>
    public static bool operator !=(Signature? left, Signature? right) => !Equals(left, right);

    private static List<Field> Order(IEnumerable<Field> fields)
    {
        var list = fields.ToList();
        return list.Where(f => f.IsInput).Concat(list.Where(f => f.IsOutput)).ToList();
    }

    private static Signature Validated(string name, IReadOnlyList<Field> fields, string? instructions)
    {
        var duplicate = fields.GroupBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"The field '{duplicate.Key}' appears twice in the signature: input and output fields need distinct names.");
        return new Signature(name, fields, instructions);
    }
}
