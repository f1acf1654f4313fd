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
}
