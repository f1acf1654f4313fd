namespace Dspy.Fluent.Tests;

public sealed class ProgramOfThoughtTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IReadOnlyDictionary<string, object?> Code(string code) =>
        Replies.Of(("reasoning", "Compute it."), ("generated_code", code));

    private static IReadOnlyDictionary<string, object?> Answer(string answer) =>
        Replies.Of(("reasoning", "The code printed it."), ("answer", answer));

    [Fact]
    public void The_three_steps_have_DSPy_s_fields_and_instructions_for_JavaScript()
    {
        var pot = new ProgramOfThought("math", "question -> answer", new JavaScriptSandbox());

        Assert.Equal(["math.code_generate", "math.code_regenerate", "math.generate_output"], pot.Predictors.Select(p => p.Name.Value));
        Assert.Equal("question -> reasoning, generated_code", pot.CodeGenerate.Signature.ToString());
        Assert.Equal("question, previous_code, error -> reasoning, generated_code", pot.CodeRegenerate.Signature.ToString());
        Assert.Equal("question, final_generated_code, code_output -> reasoning, answer", pot.GenerateOutput.Signature.ToString());
        Assert.Equal(
            """
            You will be given `question` and you will respond with `generated_code`.
            Generating executable JavaScript code that programmatically computes the correct `answer`.
            After you're done with the computation, make sure the last line in your code evaluates to the correct value for `answer`.
            The code runs in a sandbox with no imports, files or network; print(...) or console.log(...) output is shown along with the value of the last line.
            """.ReplaceLineEndings("\n"), pot.CodeGenerate.Signature.Instructions);
        Assert.Equal("You are given `question`, `previous_code`, `error` due to an error in previous code.\nYour task is to correct the error and provide the new `generated_code`.",
            pot.CodeRegenerate.Signature.Instructions);
        Assert.Equal("Given the final code `question`, `final_generated_code`, `code_output`, provide the final `answer`.", pot.GenerateOutput.Signature.Instructions);
        Assert.Equal("JavaScript code that answers the question", pot.CodeGenerate.Signature.FindField("generated_code")!.Description);
    }

    [Fact]
    public async Task The_code_runs_and_its_printed_output_and_last_value_reach_the_answer_step()
    {
        var lm = ScriptedChatClient.InOrder(
            Code("```javascript\nconst price = 2340;\nprint('rate', 0.17);\nMath.round(price * 0.17 * 100) / 100\n```"),
            Answer("397.8"));
        var pot = new ProgramOfThought("math", "question -> answer", new JavaScriptSandbox());

        var outcome = await pot.TryRunAsync(Example.Create("question", "What is 17% of 2340?").With("answer", "label"), new LMSettings { Client = lm }, Ct);

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal("397.8", outcome.Output!.GetText("answer"));
        Assert.Equal("rate 0.17\n397.8", outcome.Output.GetText(ProgramOfThought.CodeOutputField));
        var answerPrompt = lm.Requests[1].User();
        Assert.Contains("[[ ## final_generated_code ## ]]\nconst price = 2340;\nprint('rate', 0.17);\nMath.round(price * 0.17 * 100) / 100", answerPrompt);
        Assert.Contains("[[ ## code_output ## ]]\nrate 0.17\n397.8", answerPrompt);
        Assert.Equal(["math.code_generate", "math.generate_output"], outcome.Trace.Select(t => t.Name));
        Assert.DoesNotContain("answer", outcome.Trace[0].Inputs.Keys);
    }

    [Fact]
    public async Task A_last_line_that_only_assigns_a_variable_is_made_to_evaluate_to_it()
    {
        var lm = ScriptedChatClient.InOrder(Code("const a = 2;\nconst answer = a * 21;"), Answer("42"));

        var result = await new ProgramOfThought("math", "question -> answer", new JavaScriptSandbox()).RunAsync(Example.Create("question", "?"), new LMSettings { Client = lm }, Ct);

        Assert.Equal("42", result.GetText(ProgramOfThought.CodeOutputField));
        Assert.Equal("const a = 2;\nconst answer = a * 21;\nanswer;", result.GetText(ProgramOfThought.FinalCodeField));
    }

    [Fact]
    public async Task Failing_code_goes_back_to_the_LM_with_the_error_and_the_corrected_code_is_used()
    {
        var lm = ScriptedChatClient.InOrder(Code("total(1, 2)"), Code("1 + 2"), Answer("3"));

        var outcome = await new ProgramOfThought("math", "question -> answer", new JavaScriptSandbox()).TryRunAsync(Example.Create("question", "1 + 2?"), new LMSettings { Client = lm }, Ct);

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        var regenerate = lm.Requests[1].User();
        Assert.Contains("[[ ## previous_code ## ]]\ntotal(1, 2)", regenerate);
        Assert.Contains("[[ ## error ## ]]\nReferenceError: total is not defined (line 1)", regenerate);
        Assert.Contains("[[ ## code_output ## ]]\n3", lm.Requests[2].User());
        Assert.Equal(["math.code_generate", "math.code_regenerate", "math.generate_output"], outcome.Trace.Select(t => t.Name));
    }

    [Fact]
    public async Task A_sandbox_limit_is_an_error_the_LM_sees_like_any_other()
    {
        var lm = ScriptedChatClient.InOrder(Code("while (true) {}"), Code("'fixed'"), Answer("fixed"));
        var pot = new ProgramOfThought("math", "question -> answer", new JavaScriptSandbox(new JavaScriptSandboxOptions { MaxStatements = 1000 }));

        await pot.RunAsync(Example.Create("question", "?"), new LMSettings { Client = lm }, Ct);

        Assert.Contains("[[ ## error ## ]]\nStatement limit exceeded: the code executed more than 1000 statements", lm.Requests[1].User());
    }

    [Fact]
    public async Task After_max_iters_failed_attempts_it_throws_with_the_last_code_and_error()
    {
        var lm = ScriptedChatClient.InOrder(Code("a()"), Code("b()"), Code("c()"));

        var error = await Assert.ThrowsAsync<ProgramOfThoughtException>(() =>
            new ProgramOfThought("math", "question -> answer", new JavaScriptSandbox()).RunAsync(Example.Create("question", "?"), new LMSettings { Client = lm }, Ct));

        Assert.Equal(3, lm.CallCount);
        Assert.Equal(3, error.Attempts);
        Assert.Equal("c()", error.Code);
        Assert.Equal("ReferenceError: c is not defined (line 1)", error.Error);
    }

    [Fact]
    public async Task An_empty_code_block_counts_as_an_error()
    {
        var lm = ScriptedChatClient.InOrder(Code("```js\n```"), Code("7"), Answer("7"));

        await new ProgramOfThought("math", "question -> answer", new JavaScriptSandbox()).RunAsync(Example.Create("question", "?"), new LMSettings { Client = lm }, Ct);

        Assert.Contains("[[ ## error ## ]]\nError: Empty code after parsing.", lm.Requests[1].User());
    }
}
