namespace Dspy.Fluent;

/// <summary>How <see cref="HashingEmbeddingGenerator"/> turns text into vectors.</summary>
public sealed record HashingEmbeddingOptions
{
    /// <summary>The vector size (hash buckets). Default 512. A call's <c>EmbeddingGenerationOptions.Dimensions</c> overrides it.</summary>
    public int Dimensions { get; init; } = 512;

    /// <summary>The shortest character n-gram counted. Default 3.</summary>
    public int MinNGram { get; init; } = 3;

    /// <summary>The longest character n-gram counted. Default 4.</summary>
    public int MaxNGram { get; init; } = 4;
}
