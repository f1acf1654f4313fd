using static Dspy.Fluent.Tests.EvaluationFakes;

namespace Dspy.Fluent.Tests;

/// <summary>Progress when the log is not a terminal (CI, a file, a test's writer): plain lines, one per tenth of the work and per phase.</summary>
public sealed class ConsoleProgressTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_redirected_evaluation_prints_its_first_example_then_a_line_per_tenth_with_examples_done_score_LM_calls_and_cache_hits()
    {
        var log = new StringWriter();
        var lm = new ReportingClient(EchoLM(fails: q => q == "q3"), "scripted", cacheHits: true);

        await ConsoleProgress.EvaluateAsync(p => Evaluate.RunAsync(Qa, Devset(20), Metrics.ExactMatch,
            new EvaluateOptions { Concurrency = 1, MaxErrors = null, Progress = p, Settings = new LMSettings { Client = lm } }, Ct), log, "qa");

        var lines = log.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(11, lines.Length); // the first example, then one per tenth
        Assert.Equal("Evaluating qa: 1/20 · score 100.0% · 0 failed · 1 LM call, 1 cache hit", lines[0]);
        Assert.Equal("Evaluating qa: 4/20 · score 75.0% · 1 failed · 4 LM calls, 3 cache hits", lines[2]);
        Assert.Equal("Evaluating qa: 20/20 · score 95.0% · 1 failed · 20 LM calls, 19 cache hits", lines[^1]);
    }

    [Fact]
    public async Task A_redirected_compile_prints_its_phase_step_LM_calls_and_cache_hits()
    {
        var log = new StringWriter();
        var lm = new ReportingClient(EchoLM(), "scripted", cacheHits: true);

        await ConsoleProgress.CompileAsync(p => new BootstrapFewShot(Metrics.ExactMatch,
            new BootstrapFewShotOptions { MaxBootstrappedDemos = 1, Progress = p, Settings = new LMSettings { Client = lm } }).CompileAsync(Qa, Devset(1), Ct), log);

        Assert.Equal("BootstrapFewShot: bootstrapping 1/1 · 1 LM call, 1 cache hit\n", log.ToString().ReplaceLineEndings("\n"));
    }
}
