using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>An embedding generator whose vectors the test chooses, and which records every batch it is asked for.</summary>
internal sealed class FakeEmbeddingGenerator(IReadOnlyDictionary<string, float[]> vectors) : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly object _gate = new();
    private readonly List<string[]> _batches = [];

    public IReadOnlyList<string[]> Batches
    {
        get { lock (_gate) return _batches.ToArray(); }
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var batch = values.ToArray();
        lock (_gate) _batches.Add(batch);
        var embeddings = batch.Select(text => vectors.TryGetValue(text, out var v)
            ? new Embedding<float>(v)
            : throw new KeyNotFoundException($"The test gave no vector for '{text}'."));
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(embeddings));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() { }
}
