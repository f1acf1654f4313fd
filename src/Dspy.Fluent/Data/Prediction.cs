using System.Diagnostics.CodeAnalysis;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>The output fields one predictor call produced, by name (including <c>reasoning</c> for chain of thought).</summary>
/// <remarks>Corresponds to <c>dspy.Prediction</c>. Immutable.</remarks>
public sealed class Prediction : FieldValues
{
    /// <summary>Creates a prediction from named values.</summary>
    /// <param name="values">Field names and values.</param>
    public Prediction(IEnumerable<KeyValuePair<string, object?>> values) : base(Collect(values)) { }

    internal Prediction(KeyValuePair<string, object?>[] entries, bool owned) : base(entries) { }

    /// <summary>A prediction with no fields.</summary>
    public static Prediction Empty { get; } = new([], owned: true);

    /// <summary>This prediction with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    /// <param name="key">The field name.</param>
    /// <param name="value">The value.</param>
    public Prediction With(string key, object? value) => new(Merge(Entries, key, value), owned: true);

    /// <summary>Builds a record of type <typeparamref name="T"/> from the fields, matching its properties by prompt name.</summary>
    /// <typeparam name="T">A record type, e.g. a signature's output record.</typeparam>
    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    public T ToRecord<T>() => (T)RecordMapper.For(typeof(T)).Create(TryGetValue, "Prediction");

    /// <summary>An example holding this prediction's fields (none marked as inputs).</summary>
    public Example ToExample() => new(Entries);
}
