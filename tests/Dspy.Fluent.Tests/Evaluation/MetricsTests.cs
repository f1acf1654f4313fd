using System.Text.Json;

namespace Dspy.Fluent.Tests;

public sealed class MetricsTests
{
    private sealed record Passage(string Title, string Text)
    {
        public override string ToString() => $"{Title} | {Text}";
    }

    private sealed record Reply(string Answer);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Example Qa(string question, object answer) =>
        Example.Create("question", question).With("answer", answer).WithInputs("question");

    private static MetricContext Context(Example example, object? output, IReadOnlyList<TraceEntry>? trace = null, bool bootstrapping = false) =>
        MetricContext.ForOutput(example, output, trace) with { IsBootstrapping = bootstrapping };

    private static TraceEntry Retrieved(params Passage[] passages) =>
        new("retrieve", "Retrieve", null, Example.Create("query", "q").WithInputs("query"), Prediction.Empty.With("passages", passages));

    [Fact]
    public async Task Exact_match_scores_a_string_output_against_a_list_of_answers_read_from_JSON()
    {
        var answers = JsonDocument.Parse("""["Eiffel Tower", "Tour Eiffel"]""").RootElement.Clone();

        var result = await Metrics.ExactMatch.ScoreAsync(Context(Qa("Landmark?", answers), "the eiffel tower."), Ct);

        Assert.Equal(1, result.Score);
        Assert.Null(result.Feedback);
    }

    [Fact]
    public async Task A_failed_exact_match_says_what_was_expected_and_what_came()
    {
        var result = await Metrics.ExactMatch.ScoreAsync(Context(Qa("Where?", "Lyon"), Prediction.Empty.With("answer", "Paris")), Ct);

        Assert.Equal(0, result.Score);
        Assert.Equal("Expected \"Lyon\", got \"Paris\".", result.Feedback);
    }

    [Fact]
    public async Task Exact_match_or_F1_passes_when_token_F1_reaches_the_fraction()
    {
        var example = Qa("City?", "New York City");

        var loose = await Metrics.ExactMatchOrF1(0.8).ScoreAsync(Context(example, "new york"), Ct);
        var strict = await Metrics.ExactMatchOrF1(0.9).ScoreAsync(Context(example, "new york"), Ct);

        Assert.Equal(1, loose.Score);
        Assert.Equal(0, strict.Score);
    }

    [Fact]
    public async Task F1_is_a_graded_score()
    {
        var result = await Metrics.F1.ScoreAsync(Context(Qa("Where?", "Paris"), "Eiffel Tower is in Paris"), Ct);

        Assert.Equal(1.0 / 3, result.Score, 12);
    }

    [Fact]
    public async Task A_missing_label_is_an_error_naming_the_fields_there_are()
    {
        var example = Example.Create("question", "Where?").WithInputs("question");

        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() => Metrics.ExactMatch.ScoreAsync(Context(example, "Paris"), Ct));

        Assert.Contains("no label 'answer'", error.Message);
        Assert.Contains("question", error.Message);
    }

    [Fact]
    public async Task A_record_output_without_an_answer_field_is_an_error_that_says_how_to_fix_it()
    {
        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            Metrics.ExactMatch.ScoreAsync(Context(Qa("Where?", "Paris"), new { Text = "Paris" }), Ct));

        Assert.Contains("no field 'answer'", error.Message);
        Assert.Contains("text", error.Message);
    }

    [Fact]
    public async Task Passage_match_reads_passages_from_the_retrieve_steps_of_the_trace()
    {
        var trace = new[] { Retrieved(new Passage("Ada Lovelace", "Ada was born in London.")) };

        var found = await Metrics.PassageMatch.ScoreAsync(Context(Qa("Born?", "London"), "London", trace), Ct);
        var missing = await Metrics.PassageMatch.ScoreAsync(Context(Qa("Born?", "Paris"), "Paris", trace), Ct);

        Assert.Equal(1, found.Score);
        Assert.Equal(0, missing.Score);
        Assert.Contains("None of the 1 retrieved passages", missing.Feedback);
    }

    [Fact]
    public async Task Passage_match_falls_back_to_the_prediction_context_field()
    {
        var output = Prediction.Empty.With("answer", "x").With("context", new[] { "Lyon | Lyon is on the Rhône." });

        var result = await Metrics.PassageMatch.ScoreAsync(Context(Qa("River?", "Rhône"), output), Ct);

        Assert.Equal(1, result.Score);
    }

    [Fact]
    public async Task Passage_match_without_any_passages_is_an_error_not_a_zero()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Metrics.PassageMatch.ScoreAsync(Context(Qa("River?", "Rhône"), "Rhône"), Ct));

        Assert.Contains("no retrieved passages", error.Message);
    }

    [Fact]
    public async Task Retrieval_recall_is_the_fraction_of_gold_titles_among_retrieved_titles()
    {
        var example = Qa("Q?", "a").With("supporting_titles", new[] { "Ada Lovelace", "The Analytical Engine", "Charles Babbage" });
        var trace = new[]
        {
            Retrieved(new Passage("Ada Lovelace", "…"), new Passage("Lyon", "…")),
            Retrieved(new Passage("Analytical Engine", "…")),
        };

        var result = await Metrics.RetrievalRecall.ScoreAsync(Context(example, "a", trace), Ct);

        Assert.Equal(2.0 / 3, result.Score, 12); // "The Analytical Engine" normalises to "analytical engine"
        Assert.Contains("charles babbage", result.Feedback);
    }

    [Fact]
    public async Task All_of_is_the_lowest_score_and_stops_at_the_first_zero()
    {
        var judged = 0;
        var costly = Metrics.FromResult("costly", _ => { judged++; return MetricResult.Pass; });

        var failing = await Metrics.AllOf(Metrics.ExactMatch, costly).ScoreAsync(Context(Qa("Q?", "a"), "b"), Ct);
        var passing = await Metrics.AllOf(Metrics.ExactMatch, Metrics.F1, costly).ScoreAsync(Context(Qa("Q?", "a b"), "a b"), Ct);

        Assert.Equal(0, failing.Score);
        Assert.Equal(1, passing.Score);
        Assert.Equal(1, judged);
        Assert.Equal("all_of(exact_match, f1, costly)", Metrics.AllOf(Metrics.ExactMatch, Metrics.F1, costly).Name);
    }

    [Fact]
    public async Task Weighted_is_the_weighted_mean_of_the_scores()
    {
        var metric = Metrics.Weighted(new WeightedMetric(Metrics.ExactMatch, 3), new WeightedMetric(Metrics.F1, 1));

        var result = await metric.ScoreAsync(Context(Qa("Q?", "new york"), "New York City"), Ct); // EM 0, F1 0.8

        Assert.Equal(0.2, result.Score, 12);
    }

    [Fact]
    public async Task Threshold_gates_only_while_bootstrapping()
    {
        var metric = Metrics.Threshold(Metrics.F1, 0.7);
        var example = Qa("Q?", "new york");

        var evaluating = await metric.ScoreAsync(Context(example, "New York City"), Ct);
        var passingGate = await metric.ScoreAsync(Context(example, "New York City", bootstrapping: true), Ct);
        var failingGate = await metric.ScoreAsync(Context(example, "York", bootstrapping: true), Ct);

        Assert.Equal(0.8, evaluating.Score, 12);
        Assert.Equal(1, passingGate.Score);
        Assert.Equal(0, failingGate.Score);
    }

    [Fact]
    public async Task A_DSPy_style_function_sees_the_trace_only_while_bootstrapping()
    {
        var seen = new List<IReadOnlyList<TraceEntry>?>();
        var metric = Metrics.Create("spy", (example, prediction, trace) => { seen.Add(trace); return trace is null ? 0.5 : 1; });
        var trace = new[] { Retrieved() };

        var evaluating = await metric.ScoreAsync(Context(Qa("Q?", "a"), "a", trace), Ct);
        var bootstrapping = await metric.ScoreAsync(Context(Qa("Q?", "a"), "a", trace, bootstrapping: true), Ct);

        Assert.Equal([0.5, 1.0], [evaluating.Score, bootstrapping.Score]);
        Assert.Null(seen[0]);
        Assert.Same(trace, seen[1]);
    }

    [Fact]
    public async Task A_predicate_becomes_a_pass_fail_metric()
    {
        var shortAnswer = Metrics.FromPredicate("short", (_, p) => p.GetText("answer").Length <= 5);

        Assert.Equal(1, (await shortAnswer.ScoreAsync(Context(Qa("Q?", "x"), "Paris"), Ct)).Score);
        Assert.Equal(0, (await shortAnswer.ScoreAsync(Context(Qa("Q?", "x"), "Paris, France"), Ct)).Score);
    }

    [Fact]
    public void A_score_outside_zero_to_one_is_rejected_with_advice()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MetricResult(4));

        Assert.Contains("(r - 1) / 4", error.Message);
    }

    [Fact]
    public void Passes_follows_DSPy_truthiness_unless_given_a_threshold()
    {
        Assert.True(new MetricResult(0.1).Passes());
        Assert.False(MetricResult.Fail.Passes());
        Assert.False(new MetricResult(0.5).Passes(0.66));
    }

    [Fact]
    public void Outputs_are_read_as_fields_strings_as_answer_and_records_by_snake_case()
    {
        Assert.Equal("Paris", Predictions.FromOutput("Paris")["answer"]);
        Assert.Equal(42, Predictions.FromOutput(42)["answer"]);
        Assert.Equal("Lyon", Predictions.FromOutput(new Reply("Lyon"))["answer"]);
        Assert.Equal(["city"], Predictions.FromOutput(new { City = "Lyon" }).Keys);
        Assert.Empty(Predictions.FromOutput(null));
    }
}
