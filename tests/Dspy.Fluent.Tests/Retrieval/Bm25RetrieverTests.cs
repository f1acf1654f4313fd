
namespace Dspy.Fluent.Tests;

public sealed class Bm25RetrieverTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(FictionalCorpus.GoldQuestions), MemberType = typeof(FictionalCorpus))]
    public async Task Search_ranks_the_gold_passage_first_for_a_simple_question(string question, string goldTitle)
    {
        using var retriever = Bm25Retriever.Build(FictionalCorpus.Passages);

        var passages = await retriever.SearchAsync(question, 3, Ct);

        Assert.Equal(goldTitle, passages[0].Title);
    }

    [Fact]
    public async Task Passages_matching_more_query_words_rank_higher()
    {
        // Same length everywhere, so only the number of matched words separates them.
        using var retriever = Bm25Retriever.Build(
        [
            new Passage("one", "amber plain quiet stone"),
            new Passage("three", "amber falcon harbour stone"),
            new Passage("none", "plain quiet simple stone"),
            new Passage("two", "amber falcon quiet stone"),
        ]);

        var passages = await retriever.SearchAsync("amber falcon harbour", 4, Ct);

        Assert.Equal(["three", "two", "one"], passages.Select(p => p.Title));
        Assert.True(passages[0].Score > passages[1].Score && passages[1].Score > passages[2].Score);
    }

    [Fact]
    public async Task Scores_are_lucene_bm25_with_default_parameters()
    {
        // Four words per passage (title included), so every length equals the average and BM25 for one matching
        // word with tf = 1 reduces to its idf: ln(1 + (N - n + 0.5) / (n + 0.5)).
        using var retriever = Bm25Retriever.Build(
        [
            new Passage("alpha", "copper kettle boil"),
            new Passage("beta", "copper lantern glow"),
            new Passage("gamma", "silver lantern shine"),
            new Passage("delta", "golden harp string"),
        ]);

        var copper = await retriever.SearchAsync("copper", 4, Ct);
        var golden = await retriever.SearchAsync("golden", 4, Ct);

        Assert.Equal(Math.Log(1 + (4 - 2 + 0.5) / (2 + 0.5)), copper[0].Score, 5);
        Assert.Equal(Math.Log(1 + (4 - 1 + 0.5) / (1 + 0.5)), golden[0].Score, 5);
        Assert.Equal((1.2f, 0.75f), (retriever.K1, retriever.B));
    }

    [Fact]
    public async Task Equal_scores_rank_in_corpus_order()
    {
        using var retriever = Bm25Retriever.Build(["first | amber fox runs", "second | amber cat naps", "third | amber owl hoots"]);

        var passages = await retriever.SearchAsync("amber", 3, Ct);

        Assert.Equal(["first", "second", "third"], passages.Select(p => p.Title));
        Assert.Single(passages.Select(p => p.Score).Distinct());
    }

    [Fact]
    public async Task Passage_strings_are_split_into_title_and_text()
    {
        using var retriever = Bm25Retriever.Build(FictionalCorpus.Passages);

        var passage = (await retriever.SearchAsync("kelp bread seaweed", 1, Ct))[0];

        Assert.Equal("Kelp Bread", passage.Title);
        Assert.Equal("Kelp bread is a dark loaf baked with dried seaweed, a speciality of Quillby bakeries.", passage.Text);
        Assert.Contains(passage.ToString(), FictionalCorpus.Passages);
    }

    [Theory]
    [InlineData("What is the Tansel Serif?")]
    [InlineData("title:Orvale Press")]
    [InlineData("\"Mira Tansel")]
    [InlineData("(Quillby OR Harrowmere")]
    [InlineData("Quillby AND")]
    [InlineData("AND OR NOT")]
    [InlineData("eel* ~2 ^3 [1 TO {5} !a && b || c")]
    [InlineData("/unterminated regex \\")]
    [InlineData("a+b-c:d")]
    public async Task Queries_with_lucene_syntax_characters_never_throw(string query)
    {
        using var retriever = Bm25Retriever.Build(FictionalCorpus.Passages);

        var passages = await retriever.SearchAsync(query, 3, Ct);

        Assert.True(passages.Count <= 3);
    }

    [Fact]
    public async Task Query_words_are_matched_literally_not_as_operators()
    {
        using var retriever = Bm25Retriever.Build(FictionalCorpus.Passages);

        var passages = await retriever.SearchAsync("title:\"Orvale\" AND (founded?", 1, Ct);

        Assert.Equal("Orvale Press", passages[0].Title);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("the and of ?")]
    public async Task A_query_without_indexable_words_returns_no_passages(string query)
    {
        using var retriever = Bm25Retriever.Build(FictionalCorpus.Passages);

        var passages = await retriever.SearchAsync(query, 3, Ct);

        Assert.Empty(passages);
    }

    [Fact]
    public async Task A_k_larger_than_the_matches_returns_only_the_matches()
    {
        using var retriever = Bm25Retriever.Build(FictionalCorpus.Passages);

        var passages = await retriever.SearchAsync("Gildenwick", 50, Ct);

        Assert.Equal(["Gildenwick Observatory", "Comet Pellam-Ives"], passages.Select(p => p.Title));
    }

    [Fact]
    public async Task Misuse_is_rejected_with_argument_errors()
    {
        using var retriever = Bm25Retriever.Build(FictionalCorpus.Passages);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => retriever.SearchAsync("eel", 0, Ct));
        await Assert.ThrowsAsync<ArgumentNullException>(() => retriever.SearchAsync(null!, 3, Ct));
        Assert.Throws<ArgumentException>(() => Bm25Retriever.Build(["a | b", null!]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Bm25Retriever.Build(FictionalCorpus.Passages, new Bm25RetrieverOptions { B = 2 }));
    }

    [Fact]
    public async Task A_disposed_retriever_refuses_to_search()
    {
        var retriever = Bm25Retriever.Build(FictionalCorpus.Passages);
        retriever.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => retriever.SearchAsync("eel", 3, Ct));
    }

    [Fact]
    public async Task A_cancelled_search_throws_operation_cancelled()
    {
        using var retriever = Bm25Retriever.Build(FictionalCorpus.Passages);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => retriever.SearchAsync("eel", 3, new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task Two_hundred_concurrent_searches_all_get_their_gold_passage()
    {
        using var retriever = Bm25Retriever.Build(FictionalCorpus.Passages);
        var questions = FictionalCorpus.Gold;
        using var start = new ManualResetEventSlim();

        var searches = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            var (question, gold) = questions[i % questions.Length];
            start.Wait(Ct);
            var passages = await retriever.SearchAsync(question, 3, Ct);
            return (gold, found: passages[0].Title);
        }, Ct)).ToArray();
        start.Set();
        var results = await Task.WhenAll(searches);

        Assert.All(results, r => Assert.Equal(r.gold, r.found));
    }
}
