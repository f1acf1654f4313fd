namespace Dspy.Fluent.Tests;

public sealed class ProgramStatePersistenceTests
{
    private static readonly Predictor<Example, Prediction> Answer = Predict.ChainOfThought("generate_answer", "context: list[str], question -> answer");

    private static ProgramState SampleState() => ProgramState.Empty
        .With("generate_answer", new PredictorState
        {
            Instructions = "Answer with a city.",
            Demos =
            [
                Example.Create("context", new[] { "Velmora | Velmora is a city." }).With("question", "Where?").With("reasoning", "It says so.").With("answer", "Velmora").With("augmented", true),
                Example.Create("question", "Where else?").With("answer", "Karsk"),
            ],
            Model = "ft:reader-7",
            Temperature = 0.5f,
            Signature = Answer.Signature,
        });

    private static string TempFile() => Path.Combine(Path.GetTempPath(), $"dspy-state-{Guid.NewGuid():N}.json");

    [Fact]
    public void A_state_round_trips_through_JSON_and_writes_the_same_bytes_twice()
    {
        var state = SampleState();

        var json = state.ToJson();
        var back = ProgramState.FromJson(json);

        Assert.Equal(json, back.ToJson());
        Assert.Equal(state, back);
        Assert.Equal("ft:reader-7", back.Find("generate_answer")!.Model);
        Assert.Equal(["Velmora | Velmora is a city."], back.Find("generate_answer")!.Demos[0].Get<IReadOnlyList<string>>("context"));
    }

    [Fact]
    public async Task A_loaded_state_gives_the_same_prompts_as_the_saved_one()
    {
        var path = TempFile();
        var lm1 = ScriptedChatClient.InOrder(new Dictionary<string, object?> { ["reasoning"] = "r", ["answer"] = "a" });
        var lm2 = ScriptedChatClient.InOrder(new Dictionary<string, object?> { ["reasoning"] = "r", ["answer"] = "a" });
        var input = Example.Create("context", new[] { "Karsk | Karsk is a town." }).With("question", "Which town?");
        var compiled = Answer.WithState(SampleState());

        await compiled.SaveAsync(path, TestContext.Current.CancellationToken);
        var loaded = await Answer.LoadStateAsync(path, TestContext.Current.CancellationToken);
        await compiled.RunAsync(input, new LMSettings { Client = lm1 }, TestContext.Current.CancellationToken);
        await loaded.RunAsync(input, new LMSettings { Client = lm2 }, TestContext.Current.CancellationToken);

        Assert.Equal(lm1.Requests[0].Messages.Select(m => m.Text), lm2.Requests[0].Messages.Select(m => m.Text));
        Assert.Equal("ft:reader-7", lm2.Requests[0].Options!.ModelId);
        File.Delete(path);
    }

    [Fact]
    public void Corrupt_JSON_names_the_line()
    {
        var error = Assert.Throws<ProgramStateFormatException>(() => ProgramState.FromJson("{\"format\": \"dspy-fluent/program-state\", \"version\": 1,\n \"predictors\": {"));

        Assert.StartsWith("JSON text is not valid JSON (line 2, byte", error.Message);
        Assert.EndsWith("The file may be truncated or edited by hand; recompile or restore it.", error.Message);
    }

    [Fact]
    public void A_newer_format_version_asks_for_an_upgrade()
    {
        var error = Assert.Throws<ProgramStateFormatException>(() =>
            ProgramState.FromJson("{\"format\": \"dspy-fluent/program-state\", \"version\": 3, \"predictors\": {}}"));

        Assert.Equal("JSON text was written by a newer Dspy.Fluent (format version 3; this version reads up to 1). Upgrade Dspy.Fluent to load it.", error.Message);
    }

    [Fact]
    public void A_DSPy_file_is_recognised_and_pointed_to_the_DSPy_loader()
    {
        var dspy = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "dspy-saved", "cot-labeled.json"));

        var error = Assert.Throws<ProgramStateFormatException>(() => ProgramState.FromJson(dspy));

        Assert.Equal("JSON text is not a Dspy.Fluent program state (its 'format' is not \"dspy-fluent/program-state\"). It looks like a DSPy program.save() file: load it with program.LoadDspyStateAsync(path).", error.Message);
    }

    [Fact]
    public void A_predictor_without_demos_is_named()
    {
        var error = Assert.Throws<ProgramStateFormatException>(() =>
            ProgramState.FromJson("{\"format\": \"dspy-fluent/program-state\", \"version\": 1, \"predictors\": {\"qa\": {\"instructions\": null}}}"));

        Assert.Equal("JSON text: predictors.qa.demos: expected a list of demo objects; found nothing (it is missing). Recompile the program or restore the file.", error.Message);
        Assert.Equal("qa", error.Predictor);
    }

    [Fact]
    public void A_state_for_an_unknown_predictor_is_refused_with_the_known_names()
    {
        var state = ProgramState.Empty.With("generate_anwser", PredictorState.Empty);

        var error = Assert.Throws<ProgramStateFormatException>(() => state.ValidateFor(Answer.Predictors, "rag.json"));

        Assert.Equal("rag.json does not fit this program (1 problem):\n  - predictor 'generate_anwser' is not in the program (its predictors: 'generate_answer')" +
                     "\nLoad it into the program it was compiled for, or recompile this program; nothing was applied.", error.Message);
        Assert.Equal("generate_anwser", error.Predictor);
    }

    [Fact]
    public void A_demo_whose_fields_are_misspelled_is_refused_and_shows_its_fields()
    {
        var state = ProgramState.Empty.With("generate_answer", new PredictorState { Demos = [Example.Create("quesiton", "q").With("anwser", "a")] });

        var error = Assert.Throws<ProgramStateFormatException>(() => state.ValidateFor(Answer.Predictors, "rag.json"));

        Assert.Equal("rag.json does not fit this program (1 problem):\n  - demo 1 of predictor 'generate_answer' needs at least one input (context, question) and one output (reasoning, answer) but has [quesiton, anwser]" +
                     "\nLoad it into the program it was compiled for, or recompile this program; nothing was applied.", error.Message);
    }

    [Fact]
    public void A_demo_without_an_output_is_refused()
    {
        var state = ProgramState.Empty.With("generate_answer", new PredictorState { Demos = [Example.Create("question", "q")] });

        var error = Assert.Throws<ProgramStateFormatException>(() => state.ValidateFor(Answer.Predictors, "rag.json"));

        Assert.Equal("rag.json does not fit this program (1 problem):\n  - demo 1 of predictor 'generate_answer' needs at least one input (context, question) and one output (reasoning, answer) but has [question]" +
                     "\nLoad it into the program it was compiled for, or recompile this program; nothing was applied.", error.Message);
    }

    [Fact]
    public void A_state_compiled_for_another_signature_is_refused()
    {
        var state = ProgramState.Empty.With("generate_answer", new PredictorState { Signature = Signature.Parse("question -> answer") });

        var error = Assert.Throws<ProgramStateFormatException>(() => state.ValidateFor(Answer.Predictors, "rag.json"));

        Assert.Equal("rag.json does not fit this program (1 problem):\n  - predictor 'generate_answer' was compiled for 'question -> answer' but the program's is " +
                     "'context: list[str], question -> reasoning, answer': input 'context' is only in the program; output 'reasoning' is only in the program" +
                     "\nLoad it into the program it was compiled for, or recompile this program; nothing was applied.", error.Message);
    }

    [Fact]
    public async Task A_missing_file_is_a_FileNotFoundException_with_the_full_path()
    {
        var path = TempFile();

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => Answer.LoadStateAsync(path, TestContext.Current.CancellationToken));

        Assert.Contains(path, error.Message);
    }
}
