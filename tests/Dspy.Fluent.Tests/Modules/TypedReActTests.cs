using System.ComponentModel;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

public sealed record MathQuestion(string Question);

public sealed record MathAnswer(string Answer);

/// <summary>The typed agent, <c>ReAct&lt;TIn, TOut&gt;</c>: records in and out over the untyped agent's loop and predictors.</summary>
public sealed class TypedReActTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Adder
    {
        public List<(int A, int B)> Calls { get; } = [];

        [Description("Adds two whole numbers and returns the sum.")]
        public int Add(int a, int b)
        {
            Calls.Add((a, b));
            return a + b;
        }
    }

    [Fact]
    public async Task A_typed_agent_answers_a_question_offline_on_the_simulated_LM_through_its_tool()
    {
        var adder = new Adder();
        var agent = new ReAct<MathQuestion, MathAnswer>("agent", [AIFunctionFactory.Create(adder.Add, "add")], maxIters: 4);

        var outcome = await agent.TryRunAsync(new MathQuestion("What is 17 plus 25?"), new LMSettings { Client = new SimulatedLM() }, Ct);

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal((17, 25), adder.Calls[0]);
        Assert.Contains("42", outcome.Output!.Answer);
        Assert.Equal("agent.extract", outcome.Trace[^1].Name);
        Assert.All(outcome.Trace.SkipLast(1), t => Assert.Equal("agent.react", t.Name));
    }

    [Fact]
    public void Its_signature_comes_from_the_records_and_its_predictors_match_the_untyped_agents_prompts()
    {
        var add = AIFunctionFactory.Create(new Adder().Add, "add");

        var typed = new ReAct<MathQuestion, MathAnswer>("agent", [add]);
        var untyped = new ReAct("agent", "question -> answer", [add]);

        Assert.Equal("question -> answer", typed.Signature.ToString());
        Assert.Equal(["agent.react", "agent.extract"], typed.Predictors.Select(p => p.Name.Value));
        Assert.Equal(untyped.React.Signature.ToString(), typed.React.Signature.ToString());
        Assert.Equal(untyped.React.Signature.Instructions, typed.React.Signature.Instructions);
        Assert.Equal(untyped.Extract.Signature.ToString(), typed.Extract.Signature.ToString());
        Assert.Equal(20, typed.Options.MaxIters);
        Assert.Same(add, Assert.Single(typed.Tools));
    }

    [Fact]
    public void Records_that_do_not_fit_an_explicit_signature_are_refused_when_composing()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new ReAct<MathQuestion, MathAnswer>("agent", Signature.Parse("query -> answer"), [], ReActOptions.Default));
        Assert.Contains("has no property for the input field query", error.Message);
    }

    [Fact]
    public async Task It_composes_in_a_LINQ_program_that_declares_its_predictors_and_its_state_saves_and_loads()
    {
        var lm = ScriptedChatClient.Answering(messages => messages[0].Text!.Contains("You are an Agent.", StringComparison.Ordinal)
            ? Replies.Of(("next_thought", "Add."), ("next_tool_name", "finish"), ("next_tool_args", "{}"))
            : Replies.Of(("reasoning", "r"), ("answer", "42")));
        var agent = new ReAct<MathQuestion, MathAnswer>("agent", [AIFunctionFactory.Create(new Adder().Add, "add")]);
        Program<string, string> program =
            from q in Programs.Input<string>()
            from a in agent.Call(new MathQuestion(q))
            select a.Answer.ToUpperInvariant();
        var demo = Example.Create("question", "1 + 1?").With("trajectory", "").With("reasoning", "r").With("answer", "2").WithInputs("question", "trajectory");
        var state = ProgramState.Empty.With("agent.extract", PredictorState.Empty.WithDemos([demo]));
        var path = Path.Combine(Path.GetTempPath(), $"typed-react-{Guid.NewGuid():N}.json");

        await program.WithState(state).SaveAsync(path, Ct);
        var loaded = await program.LoadStateAsync(path, Ct);
        var answer = await loaded.RunAsync("What is 40 plus 2?", new LMSettings { Client = lm }, Ct);

        Assert.Equal(["agent.react", "agent.extract"], program.Predictors.Select(p => p.Name.Value));
        Assert.Equal("42", answer);
        Assert.Single(loaded.State.Find("agent.extract")!.Demos);
        Assert.Contains("1 + 1?", lm.Requests[^1].Messages[1].Text);
        File.Delete(path);
    }

    /// <summary>Records what each request offered as tools and what each reply called.</summary>
    private sealed class Capturing(IChatClient inner) : DelegatingChatClient(inner)
    {
        public List<(string System, string[] Offered, string[] Called)> Calls { get; } = [];

        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = messages.ToList();
            var response = await base.GetResponseAsync(list, options, cancellationToken);
            Calls.Add((list[0].Text, (options?.Tools ?? []).Select(t => t.Name).ToArray(),
                response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(c => c.Name).ToArray()));
            return response;
        }
    }

    [Theory]
    [InlineData(ReActToolCalling.Text)]
    [InlineData(ReActToolCalling.Native)]
    public async Task A_typed_agent_answers_offline_on_the_simulated_LM_with_text_and_with_native_tool_calls(ReActToolCalling calling)
    {
        var adder = new Adder();
        var agent = new ReAct<MathQuestion, MathAnswer>("agent", [AIFunctionFactory.Create(adder.Add, "add")],
            new ReActOptions { MaxIters = 4, ToolCalling = calling });
        var lm = new Capturing(new SimulatedLM());

        var outcome = await agent.TryRunAsync(new MathQuestion("What is 17 plus 25?"), new LMSettings { Client = lm }, Ct);

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal((17, 25), adder.Calls[0]);
        Assert.Contains("42", outcome.Output!.Answer);
        var loop = lm.Calls.Where(c => c.System.Contains("You are an Agent.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(loop);
        Assert.DoesNotContain(lm.Calls.Except(loop), c => c.Offered.Length > 0);
        if (calling == ReActToolCalling.Native)
        {
            Assert.All(loop, c => Assert.Equal(["add", "finish"], c.Offered));
            Assert.Equal("add", loop[0].Called.Single());
            Assert.All(loop, c => Assert.DoesNotContain("next_tool_name", c.System));
            Assert.Equal("question, trajectory -> next_thought", agent.React.Signature.ToString());
        }
        else
        {
            Assert.All(loop, c => Assert.Empty(c.Offered));
            Assert.All(loop, c => Assert.Empty(c.Called));
            Assert.Contains("next_tool_name", loop[0].System);
        }
    }

    [Fact]
    public async Task With_native_calls_an_unknown_function_ends_the_loop_and_the_output_keeps_that_turn()
    {
        var turns = new Queue<ChatResponse>(
        [
            new ChatResponse(new ChatMessage(ChatRole.Assistant, [new TextContent("[[ ## next_thought ## ]]\nAdd.\n\n[[ ## completed ## ]]"),
                new FunctionCallContent("c1", "add", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 3 })])),
            new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c2", "subtract", new Dictionary<string, object?> { ["a"] = 5 })])),
            new ChatResponse(new ChatMessage(ChatRole.Assistant, "[[ ## reasoning ## ]]\nr\n\n[[ ## answer ## ]]\n5\n\n[[ ## completed ## ]]")),
        ]);
        var adder = new Adder();
        var agent = new ReAct<MathQuestion, MathAnswer>("agent", [AIFunctionFactory.Create(adder.Add, "add")],
            new ReActOptions { ToolCalling = ReActToolCalling.Native });

        var answer = await agent.Agent.RunAsync(Example.Create("question", "2 + 3?"), new LMSettings { Client = new Replaying(turns) }, Ct);

        Assert.Equal("5", answer.GetText("answer"));
        Assert.Equal([(2, 3)], adder.Calls);
        var steps = answer.Get<IReadOnlyList<ReActStep>>(ReAct.TrajectoryField);
        Assert.Equal(new ReActStep(0, "Add.", "add", "{\"a\": 2, \"b\": 3}", "5"), steps[0]);
        Assert.Equal("subtract", steps[1].ToolName);
        Assert.Equal("", steps[1].Thought);
        Assert.StartsWith("Ended the loop: there is no tool named 'subtract'", steps[1].Observation);
    }

    [Fact]
    public async Task With_native_calls_a_reply_that_calls_no_function_ends_the_loop_and_the_answer_is_extracted()
    {
        var turns = new Queue<ChatResponse>(
        [
            new ChatResponse(new ChatMessage(ChatRole.Assistant, "[[ ## next_thought ## ]]\nI know it already.\n\n[[ ## completed ## ]]")),
            new ChatResponse(new ChatMessage(ChatRole.Assistant, "[[ ## reasoning ## ]]\nr\n\n[[ ## answer ## ]]\n5\n\n[[ ## completed ## ]]")),
        ]);
        var adder = new Adder();
        var agent = new ReAct<MathQuestion, MathAnswer>("agent", [AIFunctionFactory.Create(adder.Add, "add")],
            new ReActOptions { ToolCalling = ReActToolCalling.Native });

        var outcome = await agent.Agent.TryRunAsync(Example.Create("question", "2 + 3?"), new LMSettings { Client = new Replaying(turns) }, Ct);

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal("5", outcome.Output!.GetText("answer"));
        Assert.Empty(adder.Calls);
        Assert.Empty(outcome.Output.Get<IReadOnlyList<ReActStep>>(ReAct.TrajectoryField));
        Assert.Equal(["agent.react", "agent.extract"], outcome.Trace.Select(t => t.Name));
    }

    private sealed class Replaying(Queue<ChatResponse> responses) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(responses.Dequeue());

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The test does not stream.");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }
}
