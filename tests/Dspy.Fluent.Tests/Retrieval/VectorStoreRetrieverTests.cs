using Microsoft.Extensions.VectorData;

namespace Dspy.Fluent.Tests;

public sealed class VectorStoreRetrieverTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<InMemoryWikiCollection> WikiAsync(FakeEmbeddingGenerator? generator = null)
    {
        var collection = new InMemoryWikiCollection(generator);
        await collection.UpsertAsync(
        [
            new WikiRecord { Key = "1", Heading = "Quillby", Abstract = "A fishing port.", Region = "coast", Vector = new float[] { 1, 0 } },
            new WikiRecord { Key = "2", Heading = "Harrowmere", Abstract = "A market town.", Region = "inland", Vector = new float[] { 0, 1 } },
            new WikiRecord { Key = "3", Heading = "Morrowby", Abstract = "A windswept island.", Region = "coast", Vector = new float[] { 1, 1 } },
        ], Ct);
        return collection;
    }

    private static FakeEmbeddingGenerator Queries() => new(new Dictionary<string, float[]>
    {
        ["by the sea"] = [3, 1],
        ["inland"] = [0, 5],
    });

    [Fact]
    public async Task Records_become_passages_in_the_stores_order_with_its_scores()
    {
        var collection = await WikiAsync(Queries());
        var retriever = new VectorStoreRetriever<WikiRecord>(collection, r => r.Heading, r => r.Abstract);

        var passages = await retriever.SearchAsync("by the sea", 2, Ct);

        Assert.Equal(["Quillby | A fishing port.", "Morrowby | A windswept island."], passages.ToContext());
        Assert.Equal(3 / Math.Sqrt(10), passages[0].Score, 6);
        Assert.Equal(4 / Math.Sqrt(20), passages[1].Score, 6);
    }

    [Fact]
    public async Task Without_a_generator_the_collection_receives_the_query_text()
    {
        var collection = await WikiAsync(Queries());
        var retriever = new VectorStoreRetriever<WikiRecord>(collection, r => r.Heading, r => r.Abstract);

        await retriever.SearchAsync("inland", 1, Ct);

        Assert.Equal("inland", Assert.Single(collection.SearchValues));
    }

    [Fact]
    public async Task With_a_generator_the_collection_receives_the_query_vector()
    {
        var collection = await WikiAsync(generator: null);
        var retriever = new VectorStoreRetriever<WikiRecord>(collection, r => r.Heading, r => r.Abstract,
            new VectorStoreRetrieverOptions<WikiRecord> { EmbeddingGenerator = Queries(), Name = "wiki_search" });

        var passages = await retriever.SearchAsync("inland", 1, Ct);

        Assert.Equal("Harrowmere", Assert.Single(passages).Title);
        Assert.Equal([0f, 5f], Assert.IsType<ReadOnlyMemory<float>>(Assert.Single(collection.SearchValues)).ToArray());
        Assert.Equal("wiki_search", retriever.Name);
    }

    [Fact]
    public async Task Search_options_such_as_a_filter_reach_the_collection()
    {
        var collection = await WikiAsync(Queries());
        var retriever = new VectorStoreRetriever<WikiRecord>(collection, r => r.Heading, r => r.Abstract,
            new VectorStoreRetrieverOptions<WikiRecord> { SearchOptions = new VectorSearchOptions<WikiRecord> { Filter = r => r.Region == "inland" } });

        var passages = await retriever.SearchAsync("by the sea", 3, Ct);

        Assert.Equal("Harrowmere", Assert.Single(passages).Title);
    }

    [Fact]
    public async Task A_text_selector_returning_null_is_a_clear_error()
    {
        var collection = await WikiAsync(Queries());
        var retriever = new VectorStoreRetriever<WikiRecord>(collection, r => r.Heading, _ => null!);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => retriever.SearchAsync("inland", 1, Ct));

        Assert.Contains("text selector returned null", error.Message);
    }
}
