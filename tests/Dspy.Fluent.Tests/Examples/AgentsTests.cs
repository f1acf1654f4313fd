using Dspy.Fluent.Examples.Agents;

namespace Dspy.Fluent.Tests;

/// <summary>The agents example, run as a process as its README says, and its command line.</summary>
public sealed class AgentsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_README_command_runs_offline_and_prints_trajectories_answers_and_a_summary_labelled_simulated()
    {
        var (exit, output, error) = await ExampleProcess.RunAsync("Agents", [], Ct);

        Assert.True(exit == 0, error);
        Assert.StartsWith("LM: simulated", output);
        Assert.Contains("[--lm simulated]", output.Split('\n')[0]);
        Assert.Matches(@"step 0  thought: .+\n +tool: search \{""query"": "".+""\}\n +observation: \[1\] «", output);
        Assert.Matches(@"tool: calculator \{""expression"": ""[\d ()+\-*/.]+""\}\n +observation: -?\d", output);
        Assert.Contains("tool: finish {}", output);
        Assert.Matches(@"  code: .*const \w+ = \d+;", output);
        Assert.Matches(@"  answer: .+  (✓ correct|✗ wrong \(gold: .+\))", output);
        Assert.Contains("Summary (simulated LM: these figures show the programs work; they say nothing about any model)", output);
        Assert.Matches(@"  generated_code_0: var r0 = (search|calculator)\(\{""(query|expression)"": "".+""\}\); ⏎ print\(r0\);", output);
        Assert.Matches(@"  code_output_0: "".+", output);
        Assert.Matches(@"  step 2  code: var words = String\(question\).+\n +output: .+", output);
        Assert.Matches(@"output: FINAL: \{'answer': '.+'\}", output);
        foreach (var row in new[] { "react", "react_compiled", "program_of_thought", "program_of_thought_compiled", "codeact", "rlm" })
            Assert.Matches($@"\n  {row} +accuracy \d+/\d+ \(\d+ %\), \d+ LM calls, \d+ tokens", output);
    }

    [Fact]
    public async Task Redirected_progress_goes_to_stderr_as_plain_lines_with_LM_calls_and_cache_hits()
    {
        var (exit, output, error) = await ExampleProcess.RunAsync("Agents", [], Ct);

        Assert.True(exit == 0, error);
        Assert.Matches(@"(?m)^Evaluating react: 6/6 · score \d+\.\d% · 0 failed · \d+ LM calls, 0 cache hits$", error);
        Assert.Matches(@"(?m)^BootstrapFewShot: bootstrapping \d+/\d+ · \d+ LM calls?, 0 cache hits$", error);
        Assert.Matches(@"(?m)^Evaluating program_of_thought_compiled: 8/8 · score ", error);
        Assert.DoesNotContain("Evaluating", output);
    }

    [Fact]
    public void A_bad_option_lists_the_usage()
    {
        var error = Assert.Throws<ArgumentException>(() => AgentsOptions.Parse(["--questons", "3"]));

        Assert.StartsWith("Unknown option '--questons'.", error.Message);
        Assert.Contains("--lm SPEC", error.Message);
    }

    [Fact]
    public void Options_keep_their_defaults_and_read_both_spellings_flags_and_the_last_occurrence()
    {
        var defaults = AgentsOptions.Parse([]);
        var given = AgentsOptions.Parse(["--questions=2", "--questions", "5", "--cache", "@agents.db", "--no-compile", "-h"]);

        Assert.Equal(("simulated", 4, 3, 6, "off", true, false), (defaults.LM, defaults.Questions, defaults.Seed, defaults.MaxIters, defaults.Cache, defaults.Compile, defaults.Help));
        Assert.Equal(new AgentsOptions { Questions = 5, Cache = "@agents.db", Compile = false, Help = true }, given);
    }

    [Theory]
    [InlineData("--seed", "--seed needs a value.")]
    [InlineData("--max-iters 0", "--max-iters needs a positive whole number, not '0'.")]
    public void A_bad_value_names_the_option_and_what_it_needs_then_lists_the_usage(string args, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => AgentsOptions.Parse(args.Split(' ')));

        Assert.Equal($"{message}\n\n{AgentsOptions.Usage}", error.Message);
    }

    [Fact]
    public async Task A_bad_lm_spec_fails_with_the_accepted_forms()
    {
        var (exit, _, error) = await ExampleProcess.RunAsync("Agents", ["--lm", "gpt4"], Ct);

        Assert.Equal(2, exit);
        Assert.Contains("openai:MODEL", error);
    }

    [Theory]
    [InlineData("138", "138.0", true)]
    [InlineData("138", "The answer is 138.", true)]
    [InlineData("138", "24 * 12", false)]
    [InlineData("Velmora", "Velmora", true)]
    [InlineData("Velmora", "It is Velmora.", false)]
    public void Answers_match_numerically_for_numbers_and_by_exact_match_otherwise(string gold, string answer, bool expected) =>
        Assert.Equal(expected, AgentsJob.Correct(gold, answer));
}
