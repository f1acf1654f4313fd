using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>
/// An immutable, ordered map from field name to value: the common shape of <see cref="Example"/> and <see cref="Prediction"/>.
/// </summary>
/// <remarks>Values are whatever the field holds: text, numbers, lists, records, or JSON read from a file.
/// <see cref="Get{T}(string)"/> converts them to the type you ask for.</remarks>
public abstract class FieldValues : IReadOnlyDictionary<string, object?>
{
    // Few fields per example: an array scan beats hashing and keeps insertion order for free.
    private protected readonly KeyValuePair<string, object?>[] Entries;

    private protected FieldValues(KeyValuePair<string, object?>[] entries) => Entries = entries;

    /// <summary>The value of <paramref name="key"/>.</summary>
    /// <param name="key">A field name.</param>
    /// <exception cref="KeyNotFoundException">No such field; the message lists the fields there are.</exception>
    public object? this[string key] => TryGetValue(key, out var v) ? v : throw Missing(key);

    /// <summary>The field names in order.</summary>
    public IEnumerable<string> Keys => Entries.Select(e => e.Key);

    /// <summary>The values in field order.</summary>
    public IEnumerable<object?> Values => Entries.Select(e => e.Value);

    /// <summary>How many fields there are.</summary>
    public int Count => Entries.Length;

    /// <summary>Whether a field called <paramref name="key"/> exists.</summary>
    /// <param name="key">A field name.</param>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>Reads a field if present.</summary>
    /// <param name="key">A field name.</param>
    /// <param name="value">The value, or null when absent.</param>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? Entries[i].Value : null;
        return i >= 0;
    }

    /// <summary>The value of <paramref name="key"/> converted to <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type wanted, e.g. <c>string</c>, <c>int</c>, <c>IReadOnlyList&lt;string&gt;</c> or a record.</typeparam>
    /// <param name="key">A field name.</param>
    /// <exception cref="KeyNotFoundException">No such field.</exception>
    /// <exception cref="InvalidCastException">The value cannot be converted; the message says why.</exception>
    public T Get<T>(string key)
    {
        var value = this[key];
        try
        {
            return (T)ValueConverter.To(value, typeof(T))!;
        }
        catch (InvalidCastException e)
        {
            throw new InvalidCastException($"Field '{key}' cannot be read as {ValueConverter.Describe(typeof(T))}: {e.Message}", e);
        }
    }

    /// <summary>The value of <paramref name="key"/> as text (<c>""</c> when absent or null).</summary>
    /// <param name="key">A field name.</param>
    public string GetText(string key) => TryGetValue(key, out var v) && v is not null ? (string)ValueConverter.To(v, typeof(string))! : "";

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)Entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Fields as <c>{name: value, ...}</c> for debugging.</summary>
    public override string ToString() => PythonJson.Serialize(this);

    private protected int IndexOf(string key)
    {
        for (var i = 0; i < Entries.Length; i++)
            if (string.Equals(Entries[i].Key, key, StringComparison.Ordinal)) return i;
        return -1;
    }

    private protected static KeyValuePair<string, object?>[] Merge(KeyValuePair<string, object?>[] entries, string key, object? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var i = 0; i < entries.Length; i++)
        {
            if (entries[i].Key != key) continue;
            var copy = (KeyValuePair<string, object?>[])entries.Clone();
            copy[i] = new(key, value);
            return copy;
        }
        return [.. entries, new(key, value)];
    }

    private protected static KeyValuePair<string, object?>[] Collect(IEnumerable<KeyValuePair<string, object?>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = Array.Empty<KeyValuePair<string, object?>>();
        foreach (var kv in values) result = Merge(result, kv.Key, kv.Value);
        return result;
    }

    private KeyNotFoundException Missing(string key) =>
        new($"There is no field '{key}'; the fields are {(Entries.Length == 0 ? "(none)" : string.Join(", ", Keys))}.");
}
