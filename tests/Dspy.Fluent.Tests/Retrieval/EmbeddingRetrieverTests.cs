using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

public sealed class EmbeddingRetrieverTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Passage North = new("North", "points up");
    private static readonly Passage East = new("East", "points right");
    private static readonly Passage NorthEast = new("NorthEast", "points between");
    private static readonly Passage South = new("South", "points down");

    private static FakeEmbeddingGenerator Compass(params (string Text, float[] Vector)[] extra) => new(
        new Dictionary<string, float[]>
        {
            [North.ToString()] = [0, 10],       // length does not matter, only direction
            [East.ToString()] = [1, 0],
            [NorthEast.ToString()] = [3, 3],
            [South.ToString()] = [0, -2],
        }.Concat(extra.Select(e => KeyValuePair.Create(e.Text, e.Vector))).ToDictionary());

    [Fact]
    public async Task Passages_rank_by_cosine_similarity_to_the_query()
    {
        var generator = Compass(("mostly north", [1, 3]));
        var retriever = await EmbeddingRetriever.BuildAsync(generator, [North, East, NorthEast, South], cancellationToken: Ct);

        var passages = await retriever.SearchAsync("mostly north", 4, Ct);

        Assert.Equal(["North", "NorthEast", "East", "South"], passages.Select(p => p.Title));
        var q = Math.Sqrt(10);
        Assert.Equal([3 / q, 4 / (q * Math.Sqrt(2)), 1 / q, -3 / q], passages.Select(p => p.Score), new ToleranceComparer(1e-6));
    }

    [Fact]
    public async Task The_corpus_is_embedded_once_in_batches_and_each_query_once()
    {
        var west = new Passage("West", "points left");
        var generator = Compass(("up", [0, 1]), ("right", [1, 0]), (west.ToString(), [-1, 0]));
        var retriever = await EmbeddingRetriever.BuildAsync(generator, [North, East, NorthEast, South, west],
            new EmbeddingRetrieverOptions { BatchSize = 2 }, Ct);

        await retriever.SearchAsync("up", 1, Ct);
        await retriever.SearchAsync("right", 1, Ct);

        Assert.Equal([2, 2, 1, 1, 1], generator.Batches.Select(b => b.Length));
        Assert.Equal(["North | points up", "East | points right"], generator.Batches[0]);
        Assert.Equal(["up"], generator.Batches[3]);
    }

    [Fact]
    public async Task Equal_similarities_rank_in_corpus_order()
    {
        var generator = Compass(("right", [1, 0]), ("East again | points right", [5, 0]));
        var again = new Passage("East again", "points right");
        var retriever = await EmbeddingRetriever.BuildAsync(generator, [again, North, East], cancellationToken: Ct);

        var passages = await retriever.SearchAsync("right", 2, Ct);

        Assert.Equal(["East again", "East"], passages.Select(p => p.Title));
    }

    [Fact]
    public async Task A_query_embedding_of_another_size_is_a_clear_error()
    {
        var generator = Compass(("three dimensions", [1, 2, 3]));
        var retriever = await EmbeddingRetriever.BuildAsync(generator, [North, East], cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => retriever.SearchAsync("three dimensions", 1, Ct));

        Assert.Contains("3 dimensions", error.Message);
        Assert.Contains("2-dimensional", error.Message);
    }

    [Fact]
    public async Task Corpus_embeddings_of_different_sizes_are_a_clear_error()
    {
        var generator = new FakeEmbeddingGenerator(new Dictionary<string, float[]> { ["a"] = [1, 0], ["b"] = [1, 0, 0] });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => EmbeddingRetriever.BuildAsync(generator, ["a", "b"], cancellationToken: Ct));

        Assert.Contains("Embedding 1 has 3 dimensions but embedding 0 has 2", error.Message);
    }

    [Fact]
    public async Task An_empty_corpus_returns_no_passages()
    {
        var retriever = await EmbeddingRetriever.BuildAsync(new HashingEmbeddingGenerator(), Array.Empty<string>(), cancellationToken: Ct);

        Assert.Empty(await retriever.SearchAsync("anything", 3, Ct));
    }

    [Theory]
    [MemberData(nameof(FictionalCorpus.GoldQuestions), MemberType = typeof(FictionalCorpus))]
    public async Task With_hashed_ngrams_the_gold_passage_is_among_the_top_three(string question, string goldTitle)
    {
        using var embedder = new HashingEmbeddingGenerator();
        var retriever = await EmbeddingRetriever.BuildAsync(embedder, FictionalCorpus.Passages, cancellationToken: Ct);

        var passages = await retriever.SearchAsync(question, 3, Ct);

        Assert.Contains(goldTitle, passages.Select(p => p.Title));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
