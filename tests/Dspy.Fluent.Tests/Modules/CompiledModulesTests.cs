using System.ComponentModel;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>ReAct and MultiChainComparison compiled by BootstrapFewShot on the simulated LM, saved as JSON and reloaded into fresh program values.</summary>
public sealed class CompiledModulesTests(SimulatedWorldFixture world) : IClassFixture<SimulatedWorldFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly LMSettings Settings = new() { Client = new SimulatedLM() };

    private static void Report(string line) => TestContext.Current.SendDiagnosticMessage(line);

    private ReAct Agent()
    {
        var search = AIFunctionFactory.Create(async ([Description("keywords or a name to look up")] string query) =>
                (await world.Retriever.SearchAsync(query, 3, Ct)).Select(p => p.ToString()).ToArray(),
            "search", "Searches an encyclopedia of people, organisations, places and works and returns the best-matching passages.");
        return new ReAct("agent", Signature.Parse("question -> answer", "Answer questions with short factoid answers."), [search], maxIters: 5);
    }

    private static IReadOnlyList<Example> Examples(IEnumerable<SyntheticQuestion> questions) =>
        questions.Select(q => Example.Create("question", q.Question).With("answer", q.Answer).WithInputs("question")).ToList();

    private static async Task<(int Correct, List<string> Answers)> ScoreAsync(Program<Example, Prediction> program, IReadOnlyList<Example> dev)
    {
        var answers = new List<string>();
        var correct = 0;
        foreach (var e in dev)
        {
            var outcome = await program.TryRunAsync(e, Settings, Ct);
            var answer = outcome.Succeeded ? outcome.Output!.GetText("answer") : $"(failed: {outcome.Error!.GetType().Name})";
            answers.Add(answer);
            if (AnswerMatch.ExactMatch(answer, [e.GetText("answer")])) correct++;
        }
        return (correct, answers);
    }

    [Fact]
    public async Task A_compiled_ReAct_agent_has_demos_on_both_predictors_reloads_from_JSON_to_the_same_answers_and_beats_the_uncompiled_one()
    {
        var train = Examples(world.Train.Take(16));
        var dev = Examples(world.Dev.Take(24));
        var agent = Agent();

        var compiled = await new BootstrapFewShot(Metrics.ExactMatch, new BootstrapFewShotOptions { MaxBootstrappedDemos = 4, MaxLabeledDemos = 0, Settings = Settings })
            .CompileAsync(agent, train, Ct);
        var json = compiled.Program.State.ToJson();
        var reloaded = Agent().WithState(ProgramState.FromJson(json));
        var before = await ScoreAsync(agent, dev);
        var after = await ScoreAsync(compiled.Program, dev);
        var again = await ScoreAsync(reloaded, dev);

        Report($"ReAct on {dev.Count} world questions: uncompiled {before.Correct}, compiled {after.Correct} (exact match); compile used {compiled.Report.LMCalls} LM calls");
        Assert.Equal(["agent.extract", "agent.react"], compiled.Program.State.Predictors.Keys.Order());
        Assert.All(compiled.Program.State.Predictors.Values, p => Assert.InRange(p.Demos.Count, 1, 4));
        Assert.Contains("\"agent.react\"", json);
        Assert.Equal(after.Answers, again.Answers);
        Assert.True(after.Correct > before.Correct, $"{before.Correct} vs {after.Correct}");
    }

    [Fact]
    public async Task A_compiled_MultiChainComparison_program_has_demos_on_its_inner_predictors_and_reloads_to_the_same_answers()
    {
        var cot = Predict.ChainOfThought("cot", "context: list[str], question -> answer");
        var compare = new MultiChainComparison("compare", "context: list[str], question -> answer");
        var program =
            from q in Programs.Input<Example>()
            from attempts in cot.CallMany(q, 3)
            from best in compare.Call(q, attempts)
            select best;
        IReadOnlyList<Example> WithContext(IEnumerable<SyntheticQuestion> questions) => questions
            .Select(q => Example.Create("context", world.GoldContext(q)).With("question", q.Question).With("answer", q.Answer).WithInputs("context", "question")).ToList();
        var train = WithContext(world.Train.Take(12));
        var dev = WithContext(world.Dev.Take(16));

        var compiled = await new BootstrapFewShot(Metrics.ExactMatch, new BootstrapFewShotOptions { MaxBootstrappedDemos = 3, MaxLabeledDemos = 0, Settings = Settings })
            .CompileAsync(program, train, Ct);
        var path = Path.Combine(Path.GetTempPath(), $"mcc-{Guid.NewGuid():N}.json");
        await compiled.Program.SaveAsync(path, Ct);
        var freshCot = Predict.ChainOfThought("cot", "context: list[str], question -> answer");
        var freshCompare = new MultiChainComparison("compare", "context: list[str], question -> answer");
        var fresh =
            from q in Programs.Input<Example>()
            from attempts in freshCot.CallMany(q, 3)
            from best in freshCompare.Call(q, attempts)
            select best;
        var reloaded = fresh.WithState(await ProgramState.LoadAsync(path, Ct));
        File.Delete(path);
        var before = await ScoreAsync(program, dev);
        var after = await ScoreAsync(compiled.Program, dev);
        var again = await ScoreAsync(reloaded, dev);

        Report($"MultiChainComparison on {dev.Count} gold-context questions: uncompiled {before.Correct}, compiled {after.Correct} (exact match)");
        Assert.Equal(["compare.predict", "cot"], compiled.Program.State.Predictors.Keys.Order());
        Assert.All(compiled.Program.State.Predictors.Values, p => Assert.InRange(p.Demos.Count, 1, 3));
        Assert.Equal(after.Answers, again.Answers);
    }
}
