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
}
