namespace Dspy.Fluent.Tests;

public sealed class QuickStartTests
{
    [Fact]
    public async Task QuickStart_runs_offline_and_prints_the_prompt_and_answer_labelled_as_simulated()
    {
        var (exit, output, error) = await ExampleProcess.RunAsync("QuickStart", [], TestContext.Current.CancellationToken);

        Assert.True(exit == 0, error);
        Assert.StartsWith("LM: simulated (simulated: a deterministic stand-in, not a language model)", output);
        Assert.Contains("System message:", output);
        Assert.Contains("Response:\n\n[[ ## reasoning ## ]]", output);
        Assert.Contains("RAG + ChainOfThought:", output);
        Assert.Matches(@"Exact match on 20 questions: \d+ % \(LM: simulated", output);
    }

    [Fact]
    public async Task A_bad_lm_spec_lists_the_accepted_forms_and_fails()
    {
        var (exit, _, error) = await ExampleProcess.RunAsync("QuickStart", ["--lm", "gpt4"], TestContext.Current.CancellationToken);

        Assert.NotEqual(0, exit);
        Assert.Contains("openai:MODEL", error);
    }

    [Fact]
    public async Task Help_prints_the_usage_with_the_lm_option_and_exits_0()
    {
        var (exit, output, error) = await ExampleProcess.RunAsync("QuickStart", ["--help"], TestContext.Current.CancellationToken);

        Assert.True(exit == 0, error);
        Assert.Contains("Usage:", output);
        Assert.Contains("--lm <SPEC>", output);
        Assert.DoesNotContain("Exact match on", output);
    }

    [Fact]
    public async Task An_unknown_option_is_named_on_stderr_and_exits_2_without_running()
    {
        var (exit, output, error) = await ExampleProcess.RunAsync("QuickStart", ["--bogus"], TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
        Assert.Contains("'--bogus'", error);
        Assert.Contains("--help", error);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task An_invalid_lm_spec_prints_the_spec_error_without_a_stack_trace_and_exits_2()
    {
        var (exit, output, error) = await ExampleProcess.RunAsync("QuickStart", ["--lm", "foo"], TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
        Assert.StartsWith("Unknown LM scheme 'foo' in 'foo'.", error);
        Assert.Contains("Accepted LM specs:", error);
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("Exception", error);
        Assert.Equal("", output);
    }
}
