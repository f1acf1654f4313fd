using Dspy.Fluent.Internal;
using Snapshooter;
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
    public void A_snapshot_folder_mapped_by_a_deterministic_CI_build_is_found_in_the_checkout()
    {
        // ContinuousIntegrationBuild maps source paths to /_/; the reviewed snapshot must still be found, not rewritten there.
        var real = PromptSnapshot.FullName();
        var projectFolder = Path.GetFileName(real.FolderPath.TrimEnd('/', '\\'));
        // A fresh mapped root per run, so a folder left by another run cannot make the test pass.
        var mappedFolder = $"/_{Guid.NewGuid():N}/tests/{projectFolder}";
        var mapped = new SnapshotFullName("PromptSnapshotTests.The_compiled_prompts_match_the_reviewed_snapshot.snap", mappedFolder);

        PromptSnapshot.Match(fixture.Program, mapped);

        Assert.False(Directory.Exists(mappedFolder), "the snapshot was written under the mapped path instead of the checkout");
        Assert.Equal(Path.GetFullPath(real.FolderPath).TrimEnd('/', '\\'), SnapshotFolder.Locate(mappedFolder, AppContext.BaseDirectory));
    }

    [Fact]
    public void A_mapped_folder_that_exists_nowhere_is_left_as_it_is()
    {
        Assert.Null(SnapshotFolder.Locate("/_/no-such-folder-8d1f/deeper-3a7c", AppContext.BaseDirectory));
    }

    [Fact]
    public void A_state_for_a_predictor_the_program_lacks_cannot_reach_a_snapshot()
    {
        var ghost = ProgramState.Empty.With("ghost", new PredictorState { Demos = [Example.Create("x", "1")] });

        var error = Assert.Throws<ProgramStateFormatException>(() => TwoStep(ghost));

        Assert.Contains("predictor 'ghost' is not in the program (its predictors: 'rewrite', 'respond')", error.Message);
    }

    [Fact]
    public void Rendering_is_stable_and_shows_every_predictor_its_instructions_demos_and_settings()
    {
        var state = ProgramState.Empty
            .With("respond", new PredictorState { Instructions = "Answer from the query.", Temperature = 0.5f,
                Demos = [Example.Create("query", "ada birthplace").With("reasoning", "Known.").With("answer", "London").WithInputs("query")] });

        var first = PromptSnapshot.RenderText(TwoStep(state));
        var second = PromptSnapshot.RenderText(TwoStep(state));

        Assert.Equal(first, second);
        Assert.Contains("=== rewrite (Predict) ===\nsignature: question -> query\n--- system ---\n", first);
        Assert.Contains("=== respond (ChainOfThought) ===\nsignature: query -> reasoning, answer\ntemperature: 0.5\n", first);
        Assert.Contains("        Answer from the query.\n--- user ---\n[[ ## query ## ]]\nada birthplace\n", first);
        Assert.Contains("--- assistant ---\n[[ ## reasoning ## ]]\nKnown.\n\n[[ ## answer ## ]]\nLondon\n", first);
        Assert.Contains("[[ ## query ## ]]\n{query}\n", first);
        Assert.Equal(2, PromptSnapshot.Render(TwoStep(state)).Count); // exactly the declared predictors
        Assert.DoesNotContain(DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), first);
    }

    [Fact]
    public void A_demo_image_is_in_the_rendered_prompt_so_changing_it_changes_the_snapshot()
    {
        var describe = Predict.Create("describe", "image: Image -> caption");
        Program<Example, Prediction> WithDemoImage(string url) => Programs.Input<Example>().Bind(e => describe.Call(e)).Uses(describe)
            .WithState(ProgramState.Empty.With("describe", new PredictorState
            {
                Demos = [Example.Create("image", Image.FromUrl(url)).With("caption", "A cat.").WithInputs("image")],
            }));

        var cat = PromptSnapshot.RenderText(WithDemoImage("https://example.com/cat.png"));
        var dog = PromptSnapshot.RenderText(WithDemoImage("https://example.com/dog.png"));

        Assert.Contains("--- user ---\n[[ ## image ## ]]\n<image_url: https://example.com/cat.png>\n", cat);
        Assert.NotEqual(cat, dog);
    }
}
