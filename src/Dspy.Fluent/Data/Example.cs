using System.Diagnostics.CodeAnalysis;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>
/// One data point: named values, some of which are marked as inputs (the rest are labels).
/// </summary>
/// <remarks>Corresponds to <c>dspy.Example</c>. Immutable: every <c>With…</c> returns a new example.
/// Two examples are equal when they hold the same fields with equal values.</remarks>
/// <example>
/// <code>
/// var ex = Example.Create("question", "Where was Ada born?").With("answer", "Lyon").WithInputs("question");
/// string q = ex.Get&lt;string&gt;("question");
/// </code>
/// </example>
public sealed class Example : FieldValues, IEquatable<Example>
{
    private Example(KeyValuePair<string, object?>[] entries, string[] inputKeys) : base(entries) => InputKeys = inputKeys;

    /// <summary>Creates an example from named values with no inputs marked.</summary>
    /// <param name="values">Field names and values.</param>
    public Example(IEnumerable<KeyValuePair<string, object?>> values) : this(Collect(values), []) { }

    /// <summary>An example with no fields.</summary>
    public static Example Empty { get; } = new([], []);

    /// <summary>The names of the fields marked as inputs, in the order given to <see cref="WithInputs(IEnumerable{string})"/>.</summary>
    public IReadOnlyList<string> InputKeys { get; }

    /// <summary>An example with one field.</summary>
    /// <param name="key">The field name.</param>
    /// <param name="value">Its value.</param>
    public static Example Create(string key, object? value) => Empty.With(key, value);

    /// <summary>An example from named values.</summary>
    /// <param name="values">Field names and values.</param>
    public static Example From(IEnumerable<KeyValuePair<string, object?>> values) => new(values);

    /// <summary>An example from a JSON object: strings, numbers and booleans become .NET values, lists and objects stay JSON
    /// (converted on use by <see cref="FieldValues.Get{T}(string)"/>).</summary>
    /// <param name="json">A JSON object.</param>
    /// <exception cref="ArgumentException"><paramref name="json"/> is not an object.</exception>
    public static Example FromJson(System.Text.Json.JsonElement json)
    {
        if (json.ValueKind != System.Text.Json.JsonValueKind.Object)
            throw new ArgumentException($"An example is a JSON object, not {json.ValueKind}.", nameof(json));
        return new(json.EnumerateObject().Select(p => new KeyValuePair<string, object?>(p.Name, JsonFieldValue.Read(p.Value))));
    }

    /// <summary>An example from the properties of a record, by their prompt names (snake_case).</summary>
    /// <param name="record">A record, e.g. a signature's input type.</param>
    /// <param name="asInputs">Whether to mark every field as an input.</param>
    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    public static Example FromRecord(object record, bool asInputs = false)
    {
        ArgumentNullException.ThrowIfNull(record);
        var entries = RecordMapper.For(record.GetType()).ToEntries(record);
        return new(entries, asInputs ? entries.Select(e => e.Key).ToArray() : []);
    }

    /// <summary>This example with <paramref name="key"/> set to <paramref name="value"/> (added or replaced).</summary>
    /// <param name="key">The field name.</param>
    /// <param name="value">The value.</param>
    public Example With(string key, object? value) => new(Merge(Entries, key, value), InputKeys as string[] ?? [.. InputKeys]);

    /// <summary>This example with the given fields marked as inputs (replacing any earlier marking).</summary>
    /// <param name="keys">Field names; each must exist.</param>
    /// <exception cref="ArgumentException">A name is not a field of this example; the message lists the fields.</exception>
    public Example WithInputs(params string[] keys) => WithInputs((IEnumerable<string>)keys);

    /// <summary>This example with the given fields marked as inputs (replacing any earlier marking).</summary>
    /// <param name="keys">Field names; each must exist.</param>
    /// <exception cref="ArgumentException">A name is not a field of this example; the message lists the fields.</exception>
    public Example WithInputs(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var list = keys.Distinct().ToArray();
        var unknown = list.FirstOrDefault(k => !ContainsKey(k));
        if (unknown is not null)
            throw new ArgumentException($"'{unknown}' is not a field of this example; its fields are {string.Join(", ", Keys)}.", nameof(keys));
        return new(Entries, list);
    }

    /// <summary>This example without the given fields.</summary>
    /// <param name="keys">Field names to drop; absent names are ignored.</param>
    public Example Without(params string[] keys) => Without((IEnumerable<string>)keys);

    /// <summary>This example without the given fields.</summary>
    /// <param name="keys">Field names to drop; absent names are ignored.</param>
    public Example Without(IEnumerable<string> keys)
    {
        var drop = keys.ToHashSet(StringComparer.Ordinal);
        return new(Entries.Where(e => !drop.Contains(e.Key)).ToArray(), InputKeys.Where(k => !drop.Contains(k)).ToArray());
    }

    /// <summary>Only the input fields (still marked as inputs).</summary>
    public Example Inputs() => new(Entries.Where(e => InputKeys.Contains(e.Key)).ToArray(), InputKeys as string[] ?? [.. InputKeys]);

    /// <summary>Only the fields not marked as inputs.</summary>
    public Example Labels() => new(Entries.Where(e => !InputKeys.Contains(e.Key)).ToArray(), []);

    /// <summary>Builds a record of type <typeparamref name="T"/> from the fields, matching its properties by prompt name.</summary>
    /// <typeparam name="T">A record type, e.g. a signature's input record.</typeparam>
    /// <exception cref="KeyNotFoundException">A required property has no field.</exception>
    /// <exception cref="InvalidCastException">A value does not fit its property.</exception>
    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    public T ToRecord<T>() => (T)RecordMapper.For(typeof(T)).Create(TryGetValue, "Example");

    /// <inheritdoc />
    public bool Equals(Example? other)
    {
        if (other is null || other.Count != Count) return false;
        foreach (var (key, value) in Entries)
            if (!other.TryGetValue(key, out var theirs) || !ValueConverter.ValueEquals(value, theirs)) return false;
        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Example);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        // Values compare loosely (a JSON string equals a .NET string), so only the keys can feed the hash.
        var h = 0;
        foreach (var (key, _) in Entries) h ^= key.GetHashCode(StringComparison.Ordinal);
        return h;
    }
}
