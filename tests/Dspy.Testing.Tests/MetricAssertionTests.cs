namespace Dspy.Fluent.Tests;

public sealed class MetricAssertionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_failing_example_shows_inputs_expected_prediction_score_and_the_exact_prompt_and_reply()
    {
        var example = TestPrograms.Question("Who designed the Analytical Engine?", "Charles Babbage");

        var error = await Assert.ThrowsAsync<MetricAssertionException>(() =>
            TestPrograms.Qa.ShouldPassAsync(example, Metrics.ExactMatch, TestPrograms.Settings(), Ct));

        Assert.StartsWith("exact_match scored 0, below the required 1 for the example: Who designed the Analytical Engine?\n", error.Message);
        Assert.Contains("  Inputs:\n    question: Who designed the Analytical Engine?\n", error.Message);
        Assert.Contains("  Expected:\n    answer: Charles Babbage\n", error.Message);
        Assert.Contains("  Prediction:\n    answer: Babbage\n", error.Message);
        Assert.Contains("  Feedback: Expected \"Charles Babbage\", got \"Babbage\".\n", error.Message);
        Assert.Contains("LM: scripted, model scripted (scripted replies, not a language model)\n", error.Message);
        Assert.Contains("System message:\n\nYour input fields are:\n1. `question` (str):", error.Message);
        Assert.Contains("Answer questions with short factoid answers.", error.Message);
        Assert.Contains("User message:\n\n[[ ## question ## ]]\nWho designed the Analytical Engine?", error.Message);
        Assert.Contains("Response:\n\n[[ ## answer ## ]]\nBabbage\n\n[[ ## completed ## ]]", error.Message);
        Assert.Equal(0, Assert.Single(error.Evaluation.Rows).Score);
    }

    [Fact]
    public async Task A_passing_example_returns_its_scored_row()
    {
        var row = await TestPrograms.Qa.ShouldPassAsync(TestPrograms.Question("Where was Ada born?", "London"), Metrics.ExactMatch, TestPrograms.Settings(), Ct);

        Assert.Equal(1, row.Score);
        Assert.Equal("London", row.Prediction!["answer"]);
    }

    [Fact]
    public async Task A_graded_metric_passes_at_the_minimum_score_given()
    {
        var example = TestPrograms.Question("Who designed the Analytical Engine?", "Charles Babbage");

        var row = await TestPrograms.Qa.ShouldPassAsync(example, Metrics.F1,
            new MetricAssertionOptions { Settings = TestPrograms.Settings(), MinScore = 0.6 }, Ct);

        Assert.Equal(2.0 / 3, row.Score, 12);
    }

    [Fact]
    public async Task A_run_that_throws_fails_the_assertion_with_the_error_and_the_failed_call()
    {
        var lm = ScriptedChatClient.Answering(_ => throw new InvalidOperationException("service unavailable"));

        var error = await Assert.ThrowsAsync<MetricAssertionException>(() =>
            TestPrograms.Qa.ShouldPassAsync(TestPrograms.Question("Where was Ada born?", "London"), Metrics.ExactMatch, TestPrograms.Settings(lm), Ct));

        Assert.StartsWith("exact_match could not be scored for the example: Where was Ada born?\n", error.Message);
        Assert.Contains("Error: InvalidOperationException: service unavailable", error.Message);
        Assert.Contains("Response:\n\n(failed) service unavailable", error.Message);
    }

    [Fact]
    public async Task A_devset_below_the_required_score_fails_with_the_summary_and_the_worst_examples()
    {
        var devset = new[]
        {
            TestPrograms.Question("Where was Ada born?", "London"),
            TestPrograms.Question("Which river runs through Lyon?", "Rhône"),
            TestPrograms.Question("Who designed the Analytical Engine?", "Charles Babbage"),
            TestPrograms.Question("What is the capital of Mars?", "none"),
        };

        var error = await Assert.ThrowsAsync<MetricAssertionException>(() =>
            TestPrograms.Qa.ShouldScoreAtLeastAsync(devset, Metrics.ExactMatch, 0.75, TestPrograms.Settings(), Ct));

        Assert.StartsWith("exact_match scored 25% on 4 examples, below the required 75%.\n", error.Message);
        Assert.Contains("exact_match 25% over 4 examples (1 at full score, 0 failed)", error.Message);
        Assert.Contains("The 4 worst examples:\n#1 (score 0): Which river runs through Lyon?\n", error.Message);
        Assert.Contains("#2 (score 0): Who designed the Analytical Engine?", error.Message);
        Assert.Contains("Prompt and reply of the worst example (#1):", error.Message);
        Assert.Contains("Full report attached to this test: evaluation-exact_match.html, evaluation-exact_match.json", error.Message);
    }

    [Fact]
    public async Task The_aggregate_assertion_attaches_the_HTML_and_JSON_reports_to_the_test()
    {
        var devset = new[] { TestPrograms.Question("Where was Ada born?", "London") };

        var result = await TestPrograms.Qa.ShouldScoreAtLeastAsync(devset, Metrics.ExactMatch, 1.0,
            new ScoreAssertionOptions { Evaluation = new EvaluateOptions { Settings = TestPrograms.Settings() }, ReportName = "qa-dev" }, Ct);

        var attachments = TestContext.Current.Attachments!;
        Assert.Equal(1.0, result.Score);
        var (html, mediaType) = attachments["qa-dev.html"].AsByteArray();
        Assert.Equal("text/html", mediaType);
        Assert.Contains("<table class=\"rows\" id=\"rows\">", System.Text.Encoding.UTF8.GetString(html));
        Assert.Equal(result, JsonReport.FromJson(attachments["qa-dev.json"].AsString()));
    }
}
