using System.Text;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// A deterministic, local embedding generator: counts the character n-grams of a text into hashed buckets and
/// L2-normalises the counts. No model, no network; the same text gives the same vector on every machine and run.
/// </summary>
/// <remarks>
/// <para><b>Lexical, not semantic.</b> Two texts are close when they share spellings (words, stems, names), not when they
/// mean the same thing: "car" and "automobile" are unrelated to it. Use it for tests, offline runs, and as a cheap
/// nearest-neighbour key (the KNN few-shot optimizer uses it by default); use a real model for meaning.</para>
/// <para>Exactly: the text is lower-cased (invariant culture); every run of characters that are not letters or digits
/// becomes one space; a space is added at both ends. Each character n-gram of length <see cref="HashingEmbeddingOptions.MinNGram"/>
/// to <see cref="HashingEmbeddingOptions.MaxNGram"/> is hashed with 64-bit FNV-1a over its UTF-16 code units; the hash
/// modulo the dimensions picks the bucket and its top bit picks the sign (+1 or −1, which keeps collisions from
/// inflating similarity). The vector is then divided by its length; a text with no n-gram (e.g. empty) gives the
/// zero vector.</para>
/// <para>Corresponds to the hashed n-gram vectorizer DSPy's tests use for a fake retriever. Thread-safe.</para>
/// </remarks>
/// <example>
/// <code>
/// using var embedder = new HashingEmbeddingGenerator(new HashingEmbeddingOptions { Dimensions = 256 });
/// var vector = await embedder.GenerateVectorAsync("Lake Veyra lies north of Quillby.");
/// </code>
/// </example>
public sealed class HashingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Creates a generator with the default options (512 dimensions, 3- and 4-grams).</summary>
    public HashingEmbeddingGenerator() : this(null) { }

    /// <summary>Creates a generator.</summary>
    /// <param name="options">Dimensions and n-gram lengths; null for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">Dimensions are not positive, or the n-gram lengths are not 1 ≤ min ≤ max.</exception>
    public HashingEmbeddingGenerator(HashingEmbeddingOptions? options)
    {
        options ??= new HashingEmbeddingOptions();
        if (options.Dimensions <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.Dimensions, "HashingEmbeddingOptions.Dimensions must be positive.");
        if (options.MinNGram < 1 || options.MaxNGram < options.MinNGram)
            throw new ArgumentOutOfRangeException(nameof(options), $"{options.MinNGram}..{options.MaxNGram}",
                "HashingEmbeddingOptions needs 1 ≤ MinNGram ≤ MaxNGram.");
        Options = options;
        _metadata = new EmbeddingGeneratorMetadata("dspy-fluent-hashing", null,
            $"hashing-char-{options.MinNGram}-{options.MaxNGram}-grams", options.Dimensions);
    }

    /// <summary>The options in force.</summary>
    public HashingEmbeddingOptions Options { get; }

    /// <summary>Embeds each text; <paramref name="options"/>' <c>Dimensions</c>, when set, overrides the configured size.</summary>
    /// <param name="values">The texts.</param>
    /// <param name="options">Per-call options; only <c>Dimensions</c> is read.</param>
    /// <param name="cancellationToken">Cancels between texts.</param>
    /// <returns>One embedding per text, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> or one of them is null.</exception>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var dimensions = options?.Dimensions ?? Options.Dimensions;
        if (dimensions <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), dimensions, "EmbeddingGenerationOptions.Dimensions must be positive.");
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var text in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ArgumentNullException.ThrowIfNull(text, nameof(values));
            result.Add(new Embedding<float>(Embed(text, dimensions)) { ModelId = _metadata.DefaultModelId });
        }
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        // Like M.E.AI's own generators: keyed requests are for someone else.
        if (serviceKey is not null) return null;
        if (serviceType == typeof(EmbeddingGeneratorMetadata)) return _metadata;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Nothing to release.</summary>
    public void Dispose() { }

    private float[] Embed(string text, int dimensions)
    {
        var normalised = Normalise(text);
        var vector = new float[dimensions];
        for (var n = Options.MinNGram; n <= Options.MaxNGram; n++)
        {
            for (var start = 0; start + n <= normalised.Length; start++)
            {
                var hash = FnvOffset;
                for (var i = start; i < start + n; i++)
                {
                    hash ^= normalised[i];
                    hash *= FnvPrime;
                }
                vector[(int)(hash % (ulong)dimensions)] += (hash >> 63) == 0 ? 1f : -1f;
            }
        }
        var length = Math.Sqrt(vector.Sum(x => (double)x * x));
        if (length > 0)
            for (var i = 0; i < vector.Length; i++) vector[i] = (float)(vector[i] / length);
        return vector;
    }

    private static string Normalise(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append(' ');
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
            else if (sb[^1] != ' ') sb.Append(' ');
        }
        if (sb[^1] != ' ') sb.Append(' ');
        // Nothing but separators: no n-grams at all, so empty text embeds to zero rather than to the n-gram of a lone space.
        return sb.Length == 1 ? "" : sb.ToString();
    }
}
