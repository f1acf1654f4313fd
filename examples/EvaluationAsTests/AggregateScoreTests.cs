namespace Dspy.Fluent.Examples.EvaluationAsTests;

/// <summary>Style 3: aggregate assertions over the dev split; on failure the HTML and JSON reports are attached to the test.</summary>
public sealed class AggregateScoreTests(CompiledRag compiled)
{
    [Fact]
    public async Task The_compiled_program_scores_at_least_a_quarter_on_the_dev_split()
    {
        var result = await compiled.Program.ShouldScoreAtLeastAsync(Rag.Dev, Metrics.ExactMatch, 0.25, compiled.Settings, TestContext.Current.CancellationToken);

        Assert.True(result.LM.IsStandIn);
    }

    [Fact]
    public async Task Compiling_beats_the_uncompiled_program()
    {
        var before = await Evaluate.RunAsync(Rag.Program, Rag.Dev, Metrics.ExactMatch, new EvaluateOptions { Settings = compiled.Settings }, TestContext.Current.CancellationToken);

        await compiled.Program.ShouldScoreAtLeastAsync(Rag.Dev, Metrics.ExactMatch, before.Score + 0.1, compiled.Settings, TestContext.Current.CancellationToken);
    }
}
