using System.Collections;
using System.Text.Json.Serialization;

namespace Dspy.Fluent;

/// <summary>
/// The citations in an LM's answer (DSPy's experimental <c>dspy.experimental.Citations</c>), for an output field of
/// type <see cref="FieldType.Citations"/>. Read from the reply's text (a list of citation objects, an object with a
/// <c>citations</c> list, or one citation object, as DSPy accepts), or from the reply's
/// <see cref="Microsoft.Extensions.AI.CitationAnnotation"/>s when the client returns them.
/// </summary>
/// <example><code>foreach (var c in prediction.Get&lt;Citations&gt;("citations")) Console.WriteLine(c.CitedText);</code></example>
[JsonConverter(typeof(CitationsJsonConverter))]
public sealed class Citations : IReadOnlyList<Citation>, IEquatable<Citations>
{
    private readonly Citation[] _items;

    /// <summary>Citations holding <paramref name="items"/>, in order.</summary>
    /// <param name="items">The citations.</param>
    /// <example><code>var cs = new Citations([new Citation("sky is blue", 0, 4, 15)]);</code></example>
    public Citations(IEnumerable<Citation> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = [.. items];
        if (Array.IndexOf(_items, null) is var at and >= 0) throw new ArgumentException($"Citation {at} is null.", nameof(items));
    }

    /// <summary>The number of citations.</summary>
    /// <example><code>var n = citations.Count;</code></example>
    public int Count => _items.Length;

    /// <summary>The citation at <paramref name="index"/>.</summary>
    /// <param name="index">From 0.</param>
    /// <example><code>var first = citations[0];</code></example>
    public Citation this[int index] => _items[index];

    /// <inheritdoc />
    public IEnumerator<Citation> GetEnumerator() => ((IEnumerable<Citation>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Whether both hold equal citations in the same order.</summary>
    /// <param name="other">The other citations.</param>
    /// <example><code>var same = a.Equals(b);</code></example>
    public bool Equals(Citations? other) => other is not null && _items.AsSpan().SequenceEqual(other._items);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Citations);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items) hash.Add(item);
        return hash.ToHashCode();
    }

    /// <summary>The citations as their quoted texts, for reading.</summary>
    /// <example><code>Console.WriteLine(citations);</code></example>
    public override string ToString() => $"Citations({string.Join(", ", _items.Select(c => $"'{c.CitedText}'"))})";
}
