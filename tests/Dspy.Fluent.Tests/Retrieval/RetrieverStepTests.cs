
namespace Dspy.Fluent.Tests;

public sealed class RetrieverStepTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Wraps a retriever and counts the searches that reach it.</summary>
    private sealed class CountingRetriever(IRetriever inner) : IRetriever
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public string Name => inner.Name;

        public Task<IReadOnlyList<Passage>> SearchAsync(string query, int k, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return inner.SearchAsync(query, k, cancellationToken);
        }
    }

    [Fact]
    public async Task A_search_inside_a_program_records_a_retrieve_entry_in_the_trace()
    {
        using var retriever = Bm25Retriever.Build(FictionalCorpus.Passages);
        var program =
            from q in Programs.Input<string>()
            from ps in retriever.Search(q, 2)
            select ps;

        var outcome = await program.TryRunAsync("Who founded Orvale Press?", Ct);

        var entry = Assert.Single(outcome.Trace);
        Assert.Equal(("retrieve", "Retrieve"), (entry.Name, entry.Kind));
        Assert.Null(entry.Signature);
        Assert.Equal("Who founded Orvale Press?", entry.Inputs.Get<string>("query"));
        Assert.Equal(2, entry.Inputs.Get<int>("k"));
        Assert.Equal(["query", "k"], entry.Inputs.InputKeys);
        Assert.Same(outcome.Output, entry.Outputs.Get<IReadOnlyList<Passage>>("passages"));
        Assert.Equal("Orvale Press", outcome.Output![0].Title);
    }

    [Fact]
    public async Task The_trace_entry_carries_the_retrievers_name()
    {
        using var retriever = Bm25Retriever.Build(FictionalCorpus.Passages, new Bm25RetrieverOptions { Name = "wiki" });

        var outcome = await Programs.Input<string>().SelectMany(q => retriever.Search(q, 1), (_, ps) => ps).TryRunAsync("eel", Ct);

        Assert.Equal("wiki", Assert.Single(outcome.Trace).Name);
    }

    [Fact]
    public async Task Composing_a_program_does_not_search()
    {
        using var bm25 = Bm25Retriever.Build(FictionalCorpus.Passages);
        var retriever = new CountingRetriever(bm25);

        var program =
            from q in Programs.Input<string>()
            from first in retriever.Search(q, 1)
            from second in retriever.Search(first[0].Title, 1)
            select second;

        Assert.Equal(0, retriever.Calls);
        await program.RunAsync("Who founded Orvale Press?", Ct);
        Assert.Equal(2, retriever.Calls);
    }

    [Fact]
    public async Task Two_hops_record_two_entries_in_order()
    {
        using var retriever = Bm25Retriever.Build(FictionalCorpus.Passages);
        var program =
            from q in Programs.Input<string>()
            from hop1 in retriever.Search(q, 1)
            from hop2 in retriever.Search("Mira Tansel born", 2)
            select hop1.Concat(hop2).Deduplicate();

        var outcome = await program.TryRunAsync("Who founded Orvale Press?", Ct);

        Assert.Equal(["Who founded Orvale Press?", "Mira Tansel born"], outcome.Trace.Select(e => e.Inputs.Get<string>("query")));
    }

    [Fact]
    public async Task A_search_step_runs_on_its_own()
    {
        using var retriever = Bm25Retriever.Build(FictionalCorpus.Passages);

        var passages = await retriever.Search("Kestrel Ferry Morrowby", 1).RunAsync(Ct);

        Assert.Equal("Kestrel Ferry", Assert.Single(passages).Title);
    }

    [Fact]
    public async Task A_cancelled_run_throws_and_does_not_search()
    {
        using var bm25 = Bm25Retriever.Build(FictionalCorpus.Passages);
        var retriever = new CountingRetriever(bm25);
        var program = Programs.Input<string>().SelectMany(q => retriever.Search(q, 1), (_, ps) => ps);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => program.TryRunAsync("eel", new CancellationToken(canceled: true)));

        Assert.Equal(0, retriever.Calls);
    }

    [Fact]
    public void Misuse_is_rejected_when_the_program_is_composed()
    {
        using var retriever = Bm25Retriever.Build(FictionalCorpus.Passages);

        Assert.Throws<ArgumentOutOfRangeException>(() => retriever.Search("eel", 0));
        Assert.Throws<ArgumentNullException>(() => retriever.Search(null!, 3));
        Assert.Throws<ArgumentNullException>(() => RetrieverExtensions.Search(null!, "eel", 3));
    }
}
