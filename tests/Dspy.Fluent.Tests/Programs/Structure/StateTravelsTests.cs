namespace Dspy.Fluent.Tests;

/// <summary>Compiled state goes wherever the compiled program goes: composition keeps it, saving writes it, loading checks it.</summary>
public sealed class StateTravelsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("state-travels-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Example Demo = Example.Create("question", "Where was Ada born?").With("answer", "London").WithInputs("question");

    private static (Predictor<Example, Prediction> Qa, Program<Example, Prediction> Compiled) Compiled()
    {
        var qa = Predict.Create("qa", "question -> answer");
        return (qa, qa.WithState(ProgramState.Empty.With("qa", PredictorState.Empty.WithDemos([Demo]))));
    }

    private static Program<Prediction, string> Post() => Programs.Lift<Prediction, string>(p => p.GetText("answer").ToUpperInvariant());

    /// <summary>Saves <paramref name="program"/>, loads the file into <paramref name="fresh"/> and returns the demos the reload applies to qa.</summary>
    private async Task<IReadOnlyList<Example>> SaveAndReload<TIn, TOut>(Program<TIn, TOut> program, Program<TIn, TOut> fresh)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.json");
        await program.SaveAsync(path, Ct);
        var loaded = await fresh.LoadStateAsync(path, Ct);
        return loaded.State.Find("qa")!.Demos;
    }

    [Fact]
    public async Task A_compiled_program_followed_by_Then_saves_and_reloads_its_demos()
    {
        var (qa, compiled) = Compiled();

        var composed = compiled.Then(Post());

        Assert.Equal([Demo], composed.State.Find("qa")!.Demos);
        Assert.Equal([Demo], await SaveAndReload(composed, qa.Then(Post())));
    }

    [Fact]
    public async Task A_compiled_program_zipped_with_another_saves_and_reloads_its_demos()
    {
        var (qa, compiled) = Compiled();
        var other = Predict.Create("other", "question -> answer");

        var zipped = compiled.Zip(other, (a, b) => a.GetText("answer") + b.GetText("answer"));

        Assert.Equal(["qa", "other"], zipped.Predictors.Select(p => p.Name.Value));
        Assert.Equal([Demo], await SaveAndReload(zipped, qa.Zip(other, (a, b) => a.GetText("answer") + b.GetText("answer"))));
    }

    [Fact]
    public async Task A_compiled_program_nested_in_a_bigger_LINQ_program_saves_and_reloads_its_demos_and_runs_with_them()
    {
        var (qa, compiled) = Compiled();
        var lm = ScriptedChatClient.Answering(_ => new Dictionary<string, object?> { ["answer"] = "London" });

        var bigger =
            from q in Programs.Input<Example>()
            from a in compiled.Call(q)
            select a.GetText("answer");
        await bigger.RunAsync(Example.Create("question", "Where?"), new LMSettings { Client = lm }, Ct);

        Assert.Equal([Demo], bigger.State.Find("qa")!.Demos);
        Assert.Equal(4, lm.Requests.Single().Messages.Count); // system, the demo (user + assistant), the question
        var fresh = from q in Programs.Input<Example>() from a in qa.Call(q) select a.GetText("answer");
        Assert.Equal([Demo], await SaveAndReload(bigger, fresh));
    }

    [Fact]
    public async Task Saving_an_uncompiled_LINQ_program_writes_an_entry_for_each_declared_predictor()
    {
        var answer = Predict.ChainOfThought("generate_answer", "context: list[str], question -> answer");
        var program = from q in Programs.Input<Example>() from a in answer.Call(q) select a;
        var path = Path.Combine(_folder, "uncompiled.json");

        await program.SaveAsync(path, Ct);

        var text = await File.ReadAllTextAsync(path, Ct);
        Assert.Contains("\"generate_answer\": {", text);
        Assert.Contains("\"text\": \"context: list[str], question -> reasoning, answer\"", text);
    }

    [Fact]
    public async Task A_state_with_an_unknown_a_missing_or_a_retyped_predictor_is_refused_by_name_and_the_program_is_unchanged()
    {
        var qa = Predict.Create("qa", "context: list[str], question -> answer");
        var other = Predict.Create("other", "question -> answer");
        var program = qa.Zip(other, (a, _) => a);
        var saved = qa.Zip(Predict.Create("stray", "question -> answer"), (a, _) => a)
            .WithState(ProgramState.Empty.With("qa", PredictorState.Empty.WithDemos([Demo.With("context", new[] { "c" })])));
        var path = Path.Combine(_folder, "wrong.json");
        await saved.SaveAsync(path, Ct);

        var unknown = await Assert.ThrowsAsync<ProgramStateFormatException>(() => program.LoadStateAsync(path, Ct));

        Assert.Contains("predictor 'stray' is not in the program (its predictors: 'qa', 'other')", unknown.Message);
        Assert.Contains("predictor 'other' of the program (Predict, 'question -> answer') has no state in it", unknown.Message);
        Assert.Empty(program.State.Predictors);

        var retyped = Predict.Create("qa", "context, question -> answer");
        var retypedProgram = retyped.Zip(Predict.Create("stray", "question -> answer"), (a, _) => a);
        var typeError = await Assert.ThrowsAsync<ProgramStateFormatException>(() => retypedProgram.LoadStateAsync(path, Ct));
        Assert.Contains("predictor 'qa' was compiled for 'context: list[str], question -> answer' but the program's is 'context, question -> answer': " +
                        "field 'context' is list[str] in the state but str in the program", typeError.Message);
        Assert.Equal("qa", typeError.Predictor);
        Assert.Empty(retypedProgram.State.Predictors);
    }

    [Fact]
    public void WithState_refuses_a_state_for_a_predictor_the_program_does_not_declare()
    {
        var (qa, _) = Compiled();

        var error = Assert.Throws<ProgramStateFormatException>(() => qa.WithState(ProgramState.Empty.With("qb", PredictorState.Empty)));

        Assert.Contains("predictor 'qb' is not in the program (its predictors: 'qa')", error.Message);
    }

    [Fact]
    public void WithState_of_the_empty_state_undoes_a_compile()
    {
        var (_, compiled) = Compiled();

        Assert.Empty(compiled.WithState(ProgramState.Empty).State.Predictors);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
