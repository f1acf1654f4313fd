using System.ComponentModel;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

public sealed class ReActTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IReadOnlyDictionary<string, object?> Turn(string thought, string tool, string args) =>
        Replies.Of(("next_thought", thought), ("next_tool_name", tool), ("next_tool_args", args));

    private static IReadOnlyDictionary<string, object?> Answer(string answer) =>
        Replies.Of(("reasoning", "From the trajectory."), ("answer", answer));

    /// <summary>The whole trajectory input of a request (its blocks are separated by blank lines, so InputOf would stop at the first).</summary>
    private static string TrajectoryOf(IReadOnlyList<ChatMessage> messages)
    {
        var text = messages[^1].Text!;
        var start = text.IndexOf("[[ ## trajectory ## ]]\n", StringComparison.Ordinal) + "[[ ## trajectory ## ]]\n".Length;
        var end = text.IndexOf("\n\nRespond with the corresponding output fields", start, StringComparison.Ordinal);
        return text[start..end];
    }

    private static bool IsLoopCall(IReadOnlyList<ChatMessage> messages) => messages[0].Text!.Contains("You are an Agent.", StringComparison.Ordinal);

    private sealed class Calculator
    {
        public List<(int A, int B)> Calls { get; } = [];

        [Description("Adds two whole numbers.")]
        public int Add([Description("the first addend")] int a, int b)
        {
            Calls.Add((a, b));
            return a + b;
        }
    }

    [Fact]
    public void The_loop_prompt_lists_each_tool_with_its_description_and_argument_schemas_then_finish_as_DSPy_does()
    {
        var calculator = new Calculator();
        var add = AIFunctionFactory.Create(calculator.Add, "add");

        var agent = new ReAct("agent", "question -> answer", [add]);

        var instructions = agent.React.Signature.Instructions;
        Assert.Equal(
            """
            Given the fields `question`, produce the fields `answer`.

            You are an Agent. In each episode, you will be given the fields `question` as input. And you can see your past trajectory so far.
            Your goal is to use one or more of the supplied tools to collect any necessary information for producing `answer`.

            To do this, you will interleave next_thought, next_tool_name, and next_tool_args in each turn, and also when finishing the task.
            After each tool call, you receive a resulting observation, which gets appended to your trajectory.

            When writing next_thought, you may reason about the current situation and plan for future steps.
            When selecting the next_tool_name and its next_tool_args, the tool must be one of:

            (1) add, whose description is <desc>Adds two whole numbers.</desc>. It takes arguments {'a': {'description': 'the first addend', 'type': 'integer'}, 'b': {'type': 'integer'}}.
            (2) finish, whose description is <desc>Marks the task as complete. That is, signals that all information for producing the outputs, i.e. `answer`, are now available to be extracted.</desc>. It takes arguments {}.
            When providing `next_tool_args`, the value inside the field must be in JSON format
            """.ReplaceLineEndings("\n"), instructions);
        Assert.Equal("question, trajectory -> next_thought, next_tool_name: Literal['add', 'finish'], next_tool_args: dict[str, Any]", agent.React.Signature.ToString());
        Assert.Equal("question, trajectory -> reasoning, answer", agent.Extract.Signature.ToString());
    }

    [Fact]
    public async Task The_loop_asks_for_a_literal_tool_name_and_a_JSON_object_of_arguments()
    {
        var lm = ScriptedChatClient.InOrder(Turn("Done.", "finish", "{}"), Answer("x"));
        var agent = new ReAct("agent", "question -> answer", [AIFunctionFactory.Create((string q) => q, "echo")]);

        await agent.RunAsync(Example.Create("question", "q?"), new LMSettings { Client = lm }, Ct);

        var system = lm.Requests[0].System();
        Assert.Contains("{next_tool_name}        # note: the value you produce must exactly match (no extra characters) one of: echo; finish", system);
        Assert.Contains("{next_tool_args}        # note: the value you produce must adhere to the JSON schema: {\"type\": \"object\", \"additionalProperties\": true}", system);
        Assert.EndsWith("`[[ ## next_tool_args ## ]]` (must be formatted as a valid Python dict[str, Any]), and then ending with the marker for `[[ ## completed ## ]]`.", lm.Requests[0].User());
    }

    [Fact]
    public async Task The_chosen_tool_runs_with_the_arguments_bound_and_its_result_becomes_the_next_observation()
    {
        var calculator = new Calculator();
        var lm = ScriptedChatClient.InOrder(
            Turn("I should add them.", "add", "{\"a\": 2, \"b\": 3}"),
            Turn("I have the sum.", "finish", "{}"),
            Answer("5"));
        var agent = new ReAct("agent", "question -> answer", [AIFunctionFactory.Create(calculator.Add, "add")]);

        var outcome = await agent.TryRunAsync(Example.Create("question", "What is 2 + 3?"), new LMSettings { Client = lm }, Ct);

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal([(2, 3)], calculator.Calls);
        Assert.Equal("5", outcome.Output!.GetText("answer"));
        Assert.Contains(
            "[[ ## trajectory ## ]]\n[[ ## thought_0 ## ]]\nI should add them.\n\n[[ ## tool_name_0 ## ]]\nadd\n\n[[ ## tool_args_0 ## ]]\n{\"a\": 2, \"b\": 3}\n\n[[ ## observation_0 ## ]]\n5",
            lm.Requests[1].User());
        var steps = outcome.Output.Get<IReadOnlyList<ReActStep>>(ReAct.TrajectoryField);
        Assert.Equal([new ReActStep(0, "I should add them.", "add", "{\"a\": 2, \"b\": 3}", "5"), new ReActStep(1, "I have the sum.", "finish", "{}", "Completed.")], steps);
        Assert.Equal(["agent.react", "agent.react", "agent.extract"], outcome.Trace.Select(t => t.Name));
        Assert.Equal(3, lm.CallCount);
    }

    [Fact]
    public async Task With_the_JSON_adapter_the_arguments_arrive_as_a_JSON_object_and_still_bind()
    {
        var calculator = new Calculator();
        var lm = ScriptedChatClient.InOrder(
            Replies.Of(("next_thought", "Add."), ("next_tool_name", "add"), ("next_tool_args", new Dictionary<string, object?> { ["a"] = 4, ["b"] = 5 })),
            Replies.Of(("next_thought", "Done."), ("next_tool_name", "finish"), ("next_tool_args", new Dictionary<string, object?>())),
            Answer("9"));
        var agent = new ReAct("agent", "question -> answer", [AIFunctionFactory.Create(calculator.Add, "add")]);

        var result = await agent.RunAsync(Example.Create("question", "4 + 5?"), new LMSettings { Client = lm, Adapter = JsonAdapter.Default }, Ct);

        Assert.Equal("9", result.GetText("answer"));
        Assert.Equal([(4, 5)], calculator.Calls);
        Assert.Equal(ChatResponseFormat.Json, lm.Requests[0].Options!.ResponseFormat);
    }

    [Fact]
    public async Task A_throwing_tool_becomes_an_observation_and_the_agent_carries_on()
    {
        var lm = ScriptedChatClient.InOrder(
            Turn("Look it up.", "lookup", "{\"key\": \"x\"}"),
            Turn("The lookup failed; answer anyway.", "finish", "{}"),
            Answer("unknown"));
        var lookup = AIFunctionFactory.Create(string (string key) => throw new InvalidOperationException("the database is offline"), "lookup");
        var agent = new ReAct("agent", "question -> answer", [lookup]);

        var result = await agent.RunAsync(Example.Create("question", "x?"), new LMSettings { Client = lm }, Ct);

        Assert.Equal("unknown", result.GetText("answer"));
        Assert.Contains("[[ ## observation_0 ## ]]\nExecution error in lookup: InvalidOperationException: the database is offline", lm.Requests[1].User());
    }

    [Fact]
    public async Task An_unknown_tool_name_ends_the_loop_after_the_JSON_fallback_and_the_answer_is_extracted_from_the_steps_before_as_in_DSPy()
    {
        var search = new List<string>();
        var lm = ScriptedChatClient.InOrder(
            Turn("Search for it.", "search", "{\"query\": \"x\"}"),
            Turn("Search again.", "serch", "{\"query\": \"y\"}"),
            Turn("Search again.", "serch", "{\"query\": \"y\"}"),
            Answer("found it"));
        var agent = new ReAct("agent", "question -> answer", [AIFunctionFactory.Create((string query) => { search.Add(query); return "found"; }, "search")]);

        var outcome = await agent.TryRunAsync(Example.Create("question", "x?"), new LMSettings { Client = lm }, Ct);

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal("found it", outcome.Output!.GetText("answer"));
        Assert.Equal(["x"], search);
        // DSPy's calls: the loop, the loop again (ChatAdapter), its JSON fallback, the extraction.
        Assert.Equal(["ChatAdapter", "ChatAdapter", "JsonAdapter", "ChatAdapter"], outcome.History.Calls.Select(c => c.Adapter));
        Assert.Equal(ChatResponseFormat.Json, lm.Requests[2].Options!.ResponseFormat);
        // The extraction sees the steps before the failed turn only, as DSPy's does.
        var extracted = TrajectoryOf(lm.Requests[3].Messages);
        Assert.EndsWith("[[ ## observation_0 ## ]]\nfound", extracted);
        Assert.DoesNotContain("serch", extracted);
        // The output keeps the failed turn, saying why the loop ended.
        var steps = outcome.Output.Get<IReadOnlyList<ReActStep>>(ReAct.TrajectoryField);
        Assert.Equal(2, steps.Count);
        Assert.Equal(new ReActStep(1, "Search again.", "serch", "{\"query\": \"y\"}",
            "Ended the loop: there is no tool named 'serch' (the tools are search, finish); the answer was extracted from the steps before this one, which the LM was not shown."), steps[1]);
    }

    [Fact]
    public async Task When_the_JSON_fallback_names_a_real_tool_the_loop_goes_on()
    {
        var lm = ScriptedChatClient.InOrder(
            Turn("Search.", "serch", "{\"query\": \"x\"}"),
            Turn("Search.", "search", "{\"query\": \"x\"}"),
            Turn("Done.", "finish", "{}"),
            Answer("found it"));
        var agent = new ReAct("agent", "question -> answer", [AIFunctionFactory.Create((string query) => "found", "search")]);

        var result = await agent.RunAsync(Example.Create("question", "x?"), new LMSettings { Client = lm }, Ct);

        Assert.Equal(["search", "finish"], result.Get<IReadOnlyList<ReActStep>>(ReAct.TrajectoryField).Select(s => s.ToolName));
        Assert.Equal(4, lm.CallCount);
    }

    [Fact]
    public async Task With_ReportToLM_an_unknown_tool_name_becomes_an_observation_listing_the_tools_without_a_fallback_call()
    {
        var lm = ScriptedChatClient.InOrder(
            Turn("Search for it.", "serch", "{\"query\": \"x\"}"),
            Turn("Use the right name.", "finish", "{}"),
            Answer("x"));
        var agent = new ReAct("agent", Signature.Parse("question -> answer"), [AIFunctionFactory.Create((string query) => "found", "search")],
            new ReActOptions { UnknownTool = ReActUnknownTool.ReportToLM });

        var outcome = await agent.TryRunAsync(Example.Create("question", "x?"), new LMSettings { Client = lm }, Ct);

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Contains("[[ ## observation_0 ## ]]\nExecution error in serch: there is no tool named 'serch'. Choose one of: search, finish.", lm.Requests[1].User());
        Assert.Equal(3, lm.CallCount);
        Assert.All(outcome.History.Calls, c => Assert.Equal("ChatAdapter", c.Adapter));
    }

    [Fact]
    public void An_undefined_UnknownTool_value_is_refused_when_composing()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ReAct("agent", Signature.Parse("question -> answer"), [],
            new ReActOptions { UnknownTool = (ReActUnknownTool)7 }));
        Assert.Contains("ReActUnknownTool.EndLoop or ReActUnknownTool.ReportToLM", error.Message);
    }

    [Theory]
    [InlineData("{\"a\": \"two\", \"b\": 3}")]
    [InlineData("{\"b\": 3}")]
    [InlineData("[2, 3]")]
    [InlineData("not json at all")]
    public async Task Arguments_that_do_not_bind_become_an_observation_and_the_tool_is_not_called(string args)
    {
        var calculator = new Calculator();
        var lm = ScriptedChatClient.InOrder(Turn("Add.", "add", args), Turn("Give up.", "finish", "{}"), Answer("?"));
        var agent = new ReAct("agent", "question -> answer", [AIFunctionFactory.Create(calculator.Add, "add")]);

        var result = await agent.RunAsync(Example.Create("question", "2 + 3?"), new LMSettings { Client = lm }, Ct);

        var step = result.Get<IReadOnlyList<ReActStep>>(ReAct.TrajectoryField)[0];
        Assert.StartsWith("Execution error in add: ", step.Observation);
        Assert.Empty(calculator.Calls);
        Assert.Contains($"[[ ## observation_0 ## ]]\n{step.Observation}", lm.Requests[1].User());
    }

    [Fact]
    public async Task The_loop_stops_after_max_iters_and_the_answer_is_still_extracted()
    {
        var calculator = new Calculator();
        var lm = ScriptedChatClient.Answering(messages => IsLoopCall(messages)
            ? Turn("Add again.", "add", "{\"a\": 1, \"b\": 1}")
            : Answer("2"));
        var agent = new ReAct("agent", "question -> answer", [AIFunctionFactory.Create(calculator.Add, "add")], maxIters: 3);

        var outcome = await agent.TryRunAsync(Example.Create("question", "1 + 1?"), new LMSettings { Client = lm }, Ct);

        Assert.Equal("2", outcome.Output!.GetText("answer"));
        Assert.Equal(3, calculator.Calls.Count);
        Assert.Equal(3, outcome.Output.Get<IReadOnlyList<ReActStep>>(ReAct.TrajectoryField).Count);
        Assert.Equal(["agent.react", "agent.react", "agent.react", "agent.extract"], outcome.Trace.Select(t => t.Name));
        Assert.Contains("[[ ## observation_2 ## ]]", lm.Requests[^1].User());
    }

    [Fact]
    public async Task When_the_provider_reports_a_context_window_error_the_oldest_step_is_dropped_and_the_call_retried()
    {
        var turns = 0;
        var lm = ScriptedChatClient.Answering(messages =>
        {
            var trajectory = TrajectoryOf(messages);
            // The "model" cannot take steps 0, 1 and 2 at once.
            if (trajectory.Contains("thought_0", StringComparison.Ordinal) && trajectory.Contains("thought_2", StringComparison.Ordinal))
                throw new HttpRequestException("HTTP 400 (invalid_request_error: context_length_exceeded) This model's maximum context length is 8192 tokens.");
            if (!IsLoopCall(messages)) return Answer("done");
            turns++;
            return turns < 4 ? Turn($"Step {turns}.", "add", "{\"a\": 1, \"b\": 2}") : Turn("Enough.", "finish", "{}");
        });
        var agent = new ReAct("agent", "question -> answer", [AIFunctionFactory.Create(new Calculator().Add, "add")], maxIters: 10);

        var outcome = await agent.TryRunAsync(Example.Create("question", "q"), new LMSettings { Client = lm }, Ct);

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        var calls = outcome.History.Calls;
        Assert.Single(calls, c => c.Error is not null);
        var failedAt = calls.ToList().FindIndex(c => c.Error is not null);
        var retried = TrajectoryOf(calls[failedAt + 1].Messages);
        Assert.StartsWith("[[ ## thought_1 ## ]]", retried);
        Assert.Contains("[[ ## thought_2 ## ]]", retried);
        Assert.StartsWith("[[ ## thought_1 ## ]]", TrajectoryOf(calls[^1].Messages));
        // Only the prompt lost the step: the output keeps the whole trajectory.
        Assert.Equal([0, 1, 2, 3], outcome.Output!.Get<IReadOnlyList<ReActStep>>(ReAct.TrajectoryField).Select(s => s.Index));
    }

    [Fact]
    public async Task A_context_window_error_with_nothing_left_to_drop_ends_the_loop_and_the_answer_is_still_extracted()
    {
        var lm = ScriptedChatClient.Answering(messages => IsLoopCall(messages)
            ? throw new ContextWindowExceededException()
            : Answer("from the question alone"));
        var agent = new ReAct("agent", "question -> answer", [AIFunctionFactory.Create((string q) => q, "echo")]);

        var result = await agent.RunAsync(Example.Create("question", "q"), new LMSettings { Client = lm }, Ct);

        Assert.Equal("from the question alone", result.GetText("answer"));
        Assert.Empty(result.Get<IReadOnlyList<ReActStep>>(ReAct.TrajectoryField));
    }

    [Fact]
    public async Task MaxTrajectoryChars_leaves_the_oldest_steps_out_of_the_prompt_before_calling()
    {
        var turns = 0;
        var lm = ScriptedChatClient.Answering(messages =>
            !IsLoopCall(messages) ? Answer("ok") : ++turns < 4 ? Turn(new string('t', 50), "echo", "{\"q\": \"x\"}") : Turn("Stop.", "finish", "{}"));
        var agent = new ReAct("agent", Signature.Parse("question -> answer"), [AIFunctionFactory.Create((string q) => q, "echo")],
            new ReActOptions { MaxTrajectoryChars = 400 });

        await agent.RunAsync(Example.Create("question", "q"), new LMSettings { Client = lm }, Ct);

        var trajectories = lm.Requests.Select(r => TrajectoryOf(r.Messages)).ToList();
        Assert.All(trajectories, t => Assert.True(t.Length <= 400, $"{t.Length} chars: {t}"));
        Assert.StartsWith("[[ ## thought_1 ## ]]", trajectories[3]);
        Assert.DoesNotContain(lm.Requests, r => r.Options?.ResponseFormat is not null);
    }

    [Fact]
    public void Its_predictors_have_stable_names_and_tools_are_checked_when_composing()
    {
        var echo = AIFunctionFactory.Create((string q) => q, "echo");

        var agent = new ReAct("agent", "question -> answer", [echo]);

        Assert.Equal(["agent.react", "agent.extract"], agent.Predictors.Select(p => p.Name.Value));
        Assert.Throws<ArgumentException>(() => new ReAct("agent", "question -> answer", [echo, echo]));
        Assert.Throws<ArgumentException>(() => new ReAct("agent", "question -> answer", [AIFunctionFactory.Create(() => "x", "finish")]));
    }

    [Fact]
    public async Task Compiled_demos_for_the_loop_predictor_reach_its_prompt_and_the_agent_composes_in_LINQ()
    {
        var lm = ScriptedChatClient.InOrder(Turn("Done.", "finish", "{}"), Answer("Lyon"));
        var agent = new ReAct("agent", "question -> answer", [AIFunctionFactory.Create((string q) => q, "echo")]);
        var demo = Example.Create("question", "Where?").With("trajectory", "").With("next_thought", "Finish.")
            .With("next_tool_name", "finish").With("next_tool_args", new Dictionary<string, object?>());
        var program =
            from q in Programs.Input<string>()
            from r in agent.Call(Example.Create("question", q))
            select r.GetText("answer");

        var answer = await program.WithState(ProgramState.Empty.With("agent.react", new PredictorState { Demos = [demo] }))
            .RunAsync("Where was Ada born?", new LMSettings { Client = lm }, Ct);

        Assert.Equal("Lyon", answer);
        Assert.Equal(["system", "user", "assistant", "user"], lm.Requests[0].Messages.Select(m => m.Role.Value));
        Assert.Contains("[[ ## next_tool_name ## ]]\nfinish", lm.Requests[0].Messages[2].Text);
    }
}
