
namespace Dspy.Fluent.Tests;

/// <summary>HotPotQA's distractor/fullwiki files (and the Hugging Face export) load as examples plus a deduplicated corpus.</summary>
public sealed class HotPotQATests
{
    [Fact]
    public async Task A_distractor_file_becomes_examples_with_supporting_facts_and_titles()
    {
        var data = await HotPotQA.LoadAsync(DataFiles.Path("hotpot-distractor.json"), cancellationToken: TestContext.Current.CancellationToken);

        var first = data.Examples[0];
        Assert.Equal(3, data.Examples.Count);
        Assert.Equal(["id", "question", "answer", "type", "level", "supporting_facts", "supporting_titles"], first.Keys);
        Assert.Equal(["question"], first.InputKeys);
        Assert.Equal("5a8b57f25542995d1e6f1371", first["id"]);
        Assert.Equal("Velmora", first["answer"]);
        Assert.Equal([new SupportingFact("Brightwater Analytics", 1), new SupportingFact("Marta Kovac", 0)], first.Get<IReadOnlyList<SupportingFact>>("supporting_facts"));
        Assert.Equal(["Brightwater Analytics", "Marta Kovac"], first.Get<IReadOnlyList<string>>("supporting_titles"));
        Assert.Empty(data.Skipped);
    }

    [Fact]
    public async Task The_corpus_holds_each_context_paragraph_once_as_title_bar_joined_sentences()
    {
        var data = await HotPotQA.LoadAsync(DataFiles.Path("hotpot-distractor.json"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(
        [
            "Brightwater Analytics | Brightwater Analytics is a software company headquartered in Tarnwick. It was founded in 1991 by Marta Kovac.",
            "Marta Kovac | Marta Kovac (born 1962 in Velmora, Ostrelia) is a chemist.",
            "Ivan Kovac | Ivan Kovac (born 1948) is a chemist. Kovac was born in Lornwick, Ostrelia.",
            "Stonegate Foods | Founded by Ada Lund in 1975, Stonegate Foods is a food processing company.",
            "Ada Lund | Ada Lund is an entrepreneur from Quenhaven, Tavmark. Lund was born there in 1940.",
        ], data.Corpus);
    }

    [Fact]
    public async Task The_streamed_corpus_matches_the_loaded_one()
    {
        var path = DataFiles.Path("hotpot-distractor.json");
        var streamed = new List<string>();

        await foreach (var passage in HotPotQA.ReadCorpusAsync(path, cancellationToken: TestContext.Current.CancellationToken)) streamed.Add(passage);

        Assert.Equal((await HotPotQA.LoadAsync(path, cancellationToken: TestContext.Current.CancellationToken)).Corpus, streamed);
    }

    [Fact]
    public async Task The_hugging_face_json_lines_layout_reads_the_same_way_with_context_when_asked()
    {
        var examples = await DataFiles.ToListAsync(HotPotQA.ReadAsync(DataFiles.Path("hotpot-hf.jsonl"), new HotPotQAOptions { IncludeContext = true },
            TestContext.Current.CancellationToken));

        Assert.Equal(2, examples.Count);
        Assert.Equal("5ab3b0bf5542992ade7c6e39", examples[0]["id"]);
        Assert.Equal([new SupportingFact("The Orchard of Salt", 0), new SupportingFact("Nils Berg", 1)], examples[0].Get<IReadOnlyList<SupportingFact>>("supporting_facts"));
        Assert.Equal(["The Orchard of Salt | The Orchard of Salt is a 1970 mystery novel by Nils Berg.",
            "Nils Berg | Nils Berg works as a novelist. Berg was born in 1931 in Zelmouth, Valdor."], examples[0].Get<IReadOnlyList<string>>("context"));
    }

    [Fact]
    public async Task Levels_keep_only_the_rows_asked_for()
    {
        var data = await HotPotQA.LoadAsync(DataFiles.Path("hotpot-distractor.json"), new HotPotQAOptions { Levels = ["hard"] },
            TestContext.Current.CancellationToken);

        Assert.Equal(["hard", "hard"], data.Examples.Select(e => e.GetText("level")));
        Assert.Empty(data.Skipped);
    }

    [Fact]
    public async Task Bad_rows_are_skipped_and_reported_with_element_id_field_and_remedy()
    {
        var path = DataFiles.Path("hotpot-bad.json");

        var data = await HotPotQA.LoadAsync(path, new HotPotQAOptions { SkipBadRows = true }, TestContext.Current.CancellationToken);

        Assert.Equal(["good-1", "good-2"], data.Examples.Select(e => e.GetText("id")));
        Assert.Equal(
        [
            $"{path}, line 11, element [1] (id no-answer), field 'answer': the field is missing. " +
                "Every HotPotQA row needs _id, question and answer; set RequireAnswer = false in HotPotQAOptions for unlabelled files.",
            $"{path}, line 19, element [2] (id bad-index), field 'supporting_facts': the field has sentence index \"zero\" in item 0, " +
                "which is not a whole number of at least 0. Fix the value; HotPotQA writes it as [[\"Title\", 0], ...].",
        ], data.Skipped.Select(b => b.Message));
        Assert.Equal(["Ada Lund | Ada Lund is an entrepreneur from Quenhaven, Tavmark.", "Tarnwick | Tarnwick is a city in Ostrelia."], data.Corpus);
    }

    [Fact]
    public async Task A_bad_row_throws_when_not_skipping()
    {
        var path = DataFiles.Path("hotpot-bad.json");

        var error = await Assert.ThrowsAsync<DataFormatException>(() => HotPotQA.LoadAsync(path, cancellationToken: TestContext.Current.CancellationToken));

        Assert.StartsWith($"{path}, line 11, element [1] (id no-answer), field 'answer': the field is missing.", error.Message);
        Assert.True(error.CanSkip);
    }

    [Fact]
    public async Task Unlabelled_rows_load_when_answers_are_not_required()
    {
        var data = await HotPotQA.LoadAsync(DataFiles.Path("hotpot-bad.json"), new HotPotQAOptions { RequireAnswer = false, SkipBadRows = true },
            TestContext.Current.CancellationToken);

        Assert.Equal(["good-1", "no-answer", "good-2"], data.Examples.Select(e => e.GetText("id")));
        Assert.False(data.Examples[1].ContainsKey("answer"));
    }

    [Theory]
    [InlineData("[{\"_id\": \"x\", \"question\": 7, \"answer\": \"a\"}]", "question", "the field must be a string, but it is a number (7)")]
    [InlineData("[{\"_id\": \"x\", \"question\": \"q\", \"answer\": \"a\", \"context\": [[\"T\", \"not a list\"]]}]", "context",
        "the field must be a list of [title, sentences] pairs, but item 0 is [\"T\", \"not a list\"]")]
    [InlineData("[{\"_id\": \"x\", \"question\": \"q\", \"answer\": \"a\", \"supporting_facts\": {\"title\": [\"T\"], \"sent_id\": []}}]", "supporting_facts",
        "the field has 1 titles but 0 sent_id values")]
    [InlineData("[{\"question\": \"q\", \"answer\": \"a\"}]", "_id", "the field is missing")]
    public async Task Fields_of_the_wrong_type_are_named(string json, string field, string problem)
    {
        var error = await Assert.ThrowsAsync<DataFormatException>(() => DataFiles.ToListAsync(HotPotQA.ReadAsync(DataFiles.Utf8(json),
            new HotPotQAOptions { SourceName = "rows.json" }, TestContext.Current.CancellationToken)));

        Assert.Equal(field, error.Row.Field);
        Assert.Equal(problem, error.Row.Problem);
        Assert.StartsWith("rows.json, line 1, element [0]", error.Message);
    }
}
