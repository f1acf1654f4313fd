using System.Numerics;
using System.Runtime.InteropServices;

namespace Dspy.Fluent;

/// <summary>
/// An exact nearest-neighbour index by cosine similarity: vectors are L2-normalised once and stored in one
/// contiguous array, so a query is one normalisation and one dot product per row. Read-only after construction,
/// hence safe for concurrent queries. Shared by <see cref="EmbeddingRetriever"/> and the KNN few-shot optimizer.
/// </summary>
internal sealed class CosineIndex
{
    private readonly float[] _rows;

    public CosineIndex(IReadOnlyList<ReadOnlyMemory<float>> vectors)
    {
        Count = vectors.Count;
        Dimensions = Count == 0 ? 0 : vectors[0].Length;
        _rows = new float[Count * Dimensions];
        for (var i = 0; i < Count; i++)
        {
            var vector = vectors[i].Span;
            if (vector.Length != Dimensions)
                throw new InvalidOperationException(
                    $"Embedding {i} has {vector.Length} dimensions but embedding 0 has {Dimensions}; every embedding in one index must come from the same model and size.");
            NormaliseInto(vector, _rows.AsSpan(i * Dimensions, Dimensions), $"Embedding {i}");
        }
    }

    public int Count { get; }

    public int Dimensions { get; }

    /// <summary>The <paramref name="k"/> rows most similar to <paramref name="query"/>, best first; ties go to the earlier row.</summary>
    public IReadOnlyList<Neighbour> Nearest(ReadOnlySpan<float> query, int k)
    {
        if (Count == 0) return [];
        if (query.Length != Dimensions)
            throw new InvalidOperationException(
                $"The query embedding has {query.Length} dimensions but the index holds {Dimensions}-dimensional embeddings; embed queries with the generator that embedded the corpus.");
        Span<float> unit = Dimensions <= 4096 ? stackalloc float[Dimensions] : new float[Dimensions];
        NormaliseInto(query, unit, "The query embedding");

        k = Math.Min(k, Count);
        // A min-heap of the best k so far whose root is the worst kept: lowest score, then latest row.
        var heap = new PriorityQueue<int, Neighbour>(k + 1, WorstFirst.Instance);
        for (var row = 0; row < Count; row++)
        {
            var candidate = new Neighbour(row, Dot(unit, _rows.AsSpan(row * Dimensions, Dimensions)));
            if (heap.Count < k) heap.Enqueue(row, candidate);
            else if (heap.TryPeek(out _, out var worst) && WorstFirst.Instance.Compare(candidate, worst) > 0)
                heap.EnqueueDequeue(row, candidate);
        }
        var best = new Neighbour[heap.Count];
        for (var i = best.Length - 1; i >= 0; i--)
        {
            heap.TryDequeue(out _, out var neighbour);
            best[i] = neighbour;
        }
        return best;
    }

    private static void NormaliseInto(ReadOnlySpan<float> source, Span<float> target, string what)
    {
        var squares = 0d;
        foreach (var x in source)
        {
            if (!float.IsFinite(x)) throw new InvalidOperationException($"{what} contains {x}; embeddings must be finite numbers.");
            squares += (double)x * x;
        }
        // A zero vector has no direction: it stays zero and scores 0 against everything.
        var scale = squares > 0 ? (float)(1 / Math.Sqrt(squares)) : 0f;
        for (var i = 0; i < source.Length; i++) target[i] = source[i] * scale;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        var i = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<float>.Count)
        {
            var acc = Vector<float>.Zero;
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            for (var j = 0; j < va.Length; j++) acc += va[j] * vb[j];
            sum = Vector.Sum(acc);
            i = va.Length * Vector<float>.Count;
        }
        for (; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>A row and its cosine similarity to the query.</summary>
    internal readonly record struct Neighbour(int Row, float Score);

    /// <summary>Orders neighbours worst first: lower score, then (for equal scores) the later row.</summary>
    private sealed class WorstFirst : IComparer<Neighbour>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare(Neighbour x, Neighbour y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            return byScore != 0 ? byScore : y.Row.CompareTo(x.Row);
        }
    }
}
