using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

public sealed class HashingEmbeddingGeneratorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<float[]> EmbedAsync(HashingEmbeddingGenerator generator, string text) =>
        (await generator.GenerateVectorAsync(text, cancellationToken: Ct)).ToArray();

    private static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();

    [Fact]
    public async Task The_same_text_gives_the_same_vector_from_any_instance()
    {
        using var one = new HashingEmbeddingGenerator();
        using var other = new HashingEmbeddingGenerator();

        Assert.Equal(await EmbedAsync(one, "Lake Veyra feeds the Brannoch River."), await EmbedAsync(other, "Lake Veyra feeds the Brannoch River."));
    }

    [Fact]
    public async Task Vectors_are_pinned_so_saved_embeddings_stay_valid_across_runs_and_machines()
    {
        // Reference values from an independent implementation of the documented algorithm (FNV-1a 64 over UTF-16
        // code units of " quillby eel ", 3- and 4-grams, 8 buckets): signed counts 0,-2,-3,2,1,1,3,-1 over sqrt(29).
        using var generator = new HashingEmbeddingGenerator(new HashingEmbeddingOptions { Dimensions = 8 });

        var vector = await EmbedAsync(generator, "Quillby eel!");

        float[] counts = [0, -2, -3, 2, 1, 1, 3, -1];
        Assert.Equal(counts.Select(c => c / MathF.Sqrt(29)), vector, (x, y) => MathF.Abs(x - y) < 1e-6f);
    }

    [Fact]
    public async Task Vectors_have_unit_length_and_empty_text_gives_the_zero_vector()
    {
        using var generator = new HashingEmbeddingGenerator();

        var text = await EmbedAsync(generator, "The Kestrel Ferry sails twice a day.");
        var empty = await EmbedAsync(generator, " ?! ");

        Assert.Equal(1.0, Math.Sqrt(text.Sum(x => (double)x * x)), 5);
        Assert.All(empty, x => Assert.Equal(0f, x));
    }

    [Fact]
    public async Task Case_and_punctuation_do_not_change_the_vector()
    {
        using var generator = new HashingEmbeddingGenerator();

        Assert.Equal(await EmbedAsync(generator, "orvale press, quillby"), await EmbedAsync(generator, "ORVALE   Press -- Quillby!"));
    }

    [Fact]
    public async Task Texts_sharing_words_are_closer_than_unrelated_texts()
    {
        using var generator = new HashingEmbeddingGenerator();
        var query = await EmbedAsync(generator, "Who founded Orvale Press?");

        var related = await EmbedAsync(generator, "Orvale Press was founded by Mira Tansel.");
        var unrelated = await EmbedAsync(generator, "Shepherds hold a sheepdog trial on the chalk ridge.");

        Assert.True(Cosine(query, related) > Cosine(query, unrelated) + 0.2);
    }

    [Fact]
    public async Task Dimensions_come_from_the_options_or_from_the_call()
    {
        using var generator = new HashingEmbeddingGenerator(new HashingEmbeddingOptions { Dimensions = 64 });

        var configured = await generator.GenerateAsync(["abc"], cancellationToken: Ct);
        var perCall = await generator.GenerateAsync(["abc"], new EmbeddingGenerationOptions { Dimensions = 16 }, Ct);

        Assert.Equal(64, configured[0].Vector.Length);
        Assert.Equal(16, perCall[0].Vector.Length);
    }

    [Fact]
    public void Metadata_names_the_model_and_its_dimensions()
    {
        using var generator = new HashingEmbeddingGenerator(new HashingEmbeddingOptions { Dimensions = 128, MinNGram = 2, MaxNGram = 5 });

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("hashing-char-2-5-grams", metadata.DefaultModelId);
        Assert.Equal(128, metadata.DefaultModelDimensions);
    }

    [Fact]
    public void Invalid_options_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HashingEmbeddingGenerator(new HashingEmbeddingOptions { Dimensions = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HashingEmbeddingGenerator(new HashingEmbeddingOptions { MinNGram = 4, MaxNGram = 3 }));
    }
}
