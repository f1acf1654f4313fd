namespace Dspy.Fluent.Examples.EvaluationAsTests;

/// <summary>Style 2: a metric assertion. When it fails, the message shows the inputs, the expected answer, the prediction and the exact prompt and reply.</summary>
public sealed class FailureMessageTests(CompiledRag compiled)
{
    [Fact]
    public async Task A_failing_example_shows_its_prompt_and_reply_in_the_failure_message()
    {
        var known = RegressionData.KnownFailure();

        var error = await Assert.ThrowsAsync<MetricAssertionException>(() =>
            compiled.Program.ShouldPassAsync(known, Metrics.ExactMatch, compiled.Settings, TestContext.Current.CancellationToken));

        Assert.Contains(known.GetText("question"), error.Message);
        Assert.Contains(known.GetText("answer"), error.Message);
        Assert.Contains("System message:", error.Message);
        Assert.Contains("[[ ## context ## ]]", error.Message);
        Assert.Contains("Response:", error.Message);
        Assert.Contains("simulated", error.Message);
    }
}
