using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>How <see cref="EmbeddingRetriever"/> embeds its corpus and queries.</summary>
public sealed record EmbeddingRetrieverOptions
{
    /// <summary>The retriever's name in traces. Default <c>retrieve</c>.</summary>
    public string Name { get; init; } = "retrieve";

    /// <summary>How many passages to embed per generator call while building. Default 64.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Options passed to every embedding call (model, dimensions); null for the generator's defaults.
    /// Never modified.</summary>
    public EmbeddingGenerationOptions? GenerationOptions { get; init; }
}
