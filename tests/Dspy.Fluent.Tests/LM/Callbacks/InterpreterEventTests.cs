using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>DSPy's interpreter events (startup, execute, tool call) around the code a CodeAct or ProgramOfThought runs.</summary>
public sealed class InterpreterEventTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly AIFunction Add = AIFunctionFactory.Create((int a, int b) => a + b, "add", "Add two integers.");

    [Fact]
    public async Task CodeAct_reports_the_session_start_each_execution_and_each_call_the_code_makes_in_order()
    {
        var lm = ScriptedChatClient.InOrder(
            Replies.Of(("generated_code", "```js\nvar x = add(1, 2);\nprint(x)\n```"), ("finished", true)),
            Replies.Of(("reasoning", "The code printed it."), ("answer", "3")));
        var recorder = new RecordingCallback();
        var agent = new CodeAct("calc", "question -> answer", [Add], new JavaScriptSandbox());

        await agent.RunAsync(Example.Create("question", "What is 1+2?"), new LMSettings { Client = lm, Callbacks = [recorder] }, Ct);

        var interpreter = recorder.Events.Where(e => e.Contains(" Interpreter", StringComparison.Ordinal) || e.Contains(" Tool ", StringComparison.Ordinal)).ToList();
        Assert.Equal(
        [
            "start InterpreterStartup JavaScript", "end InterpreterStartup JavaScript",
            "start InterpreterExecute JavaScript",
            "start InterpreterToolCall add", "start Tool add", "end Tool add", "end InterpreterToolCall add",
            "end InterpreterExecute JavaScript",
        ], interpreter);
        var execute = recorder.Starts.Single(s => s.Kind == DspyCallKind.InterpreterExecute);
        Assert.Equal("var x = add(1, 2);\nprint(x)", execute.Input);
        var executed = Assert.IsType<CodeExecutionResult>(recorder.Ends.Single(e => e.Kind == DspyCallKind.InterpreterExecute).Output);
        Assert.True(executed.Succeeded);
        // The tool call sits inside the execution, which sits inside the CodeAct module.
        var toolCall = recorder.Starts.Single(s => s.Kind == DspyCallKind.InterpreterToolCall);
        Assert.Equal(execute.CallId, toolCall.ParentCallId);
    }

    [Fact]
    public async Task ProgramOfThought_reports_each_execution()
    {
        var lm = ScriptedChatClient.InOrder(
            Replies.Of(("reasoning", "Add."), ("generated_code", "```javascript\nprint(2 + 3)\n```")),
            Replies.Of(("reasoning", "It printed 5."), ("answer", "5")));
        var recorder = new RecordingCallback();
        var pot = new ProgramOfThought("pot", "question -> answer", new JavaScriptSandbox());

        await pot.RunAsync(Example.Create("question", "2 + 3?"), new LMSettings { Client = lm, Callbacks = [recorder] }, Ct);

        Assert.Equal(["start InterpreterExecute JavaScript", "end InterpreterExecute JavaScript"],
            recorder.Events.Where(e => e.Contains(" Interpreter", StringComparison.Ordinal)));
    }
}
