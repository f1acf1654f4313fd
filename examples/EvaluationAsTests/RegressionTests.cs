namespace Dspy.Fluent.Examples.EvaluationAsTests;

/// <summary>
/// Style 1: a devset as theory data, one test case per example. data/regression.jsonl holds the dev questions the compiled
/// program answered exactly when the file was recorded, plus three it got wrong, marked with a <c>skip</c> reason (known
/// failures). A regression — a question it used to answer and no longer does — fails the build.
/// </summary>
public sealed class RegressionTests(CompiledRag compiled)
{
    [Theory, Devset("data/regression.jsonl")]
    public async Task The_compiled_program_still_answers_each_regression_question_exactly(Example example) =>
        await compiled.Program.ShouldPassAsync(example, Metrics.ExactMatch, compiled.Settings, TestContext.Current.CancellationToken);

    [Theory, DevsetSource(typeof(SyntheticDevset))]
    public async Task Each_generated_dev_question_runs_one_retrieval_and_one_predictor_call(Example example)
    {
        var outcome = await compiled.Program.TryRunAsync(example.Inputs(), compiled.Settings, TestContext.Current.CancellationToken);

        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        Assert.Contains(outcome.Trace, t => t.Kind == "Retrieve");
        Assert.Equal(2, outcome.Trace.Count); // one retrieval, one predictor call
    }
}
