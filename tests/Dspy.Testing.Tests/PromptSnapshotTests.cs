using Snapshooter.Xunit3;

namespace Dspy.Fluent.Tests;

public sealed class PromptSnapshotTests(CompiledQa fixture)
{
    private static readonly Predictor<Example, Prediction> Rewrite = Predict.Create("rewrite", "question -> query");
    private static readonly Predictor<Example, Prediction> Respond = Predict.ChainOfThought("respond", "query -> answer");

    private static Program<Example, Prediction> TwoStep(ProgramState state) =>
        Programs.Input<Example>()
            .Bind(e => Rewrite.Call(e))
            .Bind(q => Respond.Call(Example.Create("query", q["query"]).WithInputs("query")))
            .Uses(Rewrite, Respond)
            .WithState(state);

    [Fact]
    public void The_compiled_prompts_match_the_reviewed_snapshot() => PromptSnapshot.Match(fixture.Program);

    [Fact]
    public void Rendering_is_stable_and_shows_every_predictor_its_instructions_demos_and_settings()
    {
        var state = ProgramState.Empty
            .With("respond", new PredictorState { Instructions = "Answer from the query.", Temperature = 0.5f,
                Demos = [Example.Create("query", "ada birthplace").With("reasoning", "Known.").With("answer", "London").WithInputs("query")] })
            .With("ghost", new PredictorState { Demos = [Example.Create("x", "1")] });

        var first = PromptSnapshot.RenderText(TwoStep(state));
        var second = PromptSnapshot.RenderText(TwoStep(state));

        Assert.Equal(first, second);
        Assert.Contains("=== rewrite (Predict) ===\nsignature: question -> query\n--- system ---\n", first);
        Assert.Contains("=== respond (ChainOfThought) ===\nsignature: query -> reasoning, answer\ntemperature: 0.5\n", first);
        Assert.Contains("        Answer from the query.\n--- user ---\n[[ ## query ## ]]\nada birthplace\n", first);
        Assert.Contains("--- assistant ---\n[[ ## reasoning ## ]]\nKnown.\n\n[[ ## answer ## ]]\nLondon\n", first);
        Assert.Contains("[[ ## query ## ]]\n{query}\n", first);
        Assert.Contains("=== ghost (state only: not found in the program; declare it with Uses) ===\n--- demo 1 ---\nx: 1\n", first);
        Assert.DoesNotContain(DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), first);
    }
}
