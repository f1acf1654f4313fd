using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Dspy.Fluent.Hosting.Tests.Hosts;

namespace Dspy.Fluent.Hosting.Tests;

/// <summary>AddDspyProgram: saved states loaded when the host starts, start-up failing when one does not fit, programs by name.</summary>
public sealed class AddDspyProgramTests : IDisposable
{
    private readonly TempFolder _folder = TempFolder();

    public void Dispose() => _folder.Dispose();

    private static readonly Example Demo = Example.Create("question", "Who founded Orvale Press?").With("answer", "Mira Tansel");

    /// <summary>A <c>question -> answer</c> program "qa" compiled with one demo and instructions, saved to a file.</summary>
    private async Task<string> SavedQaStateAsync()
    {
        var path = _folder.File("qa.json");
        var compiled = Predict.Create("qa", "question -> answer")
            .WithState(ProgramState.Empty.With("qa", new PredictorState { Instructions = "Answer with a name.", Demos = [Demo] }));
        await compiled.SaveAsync(path, Ct);
        return path;
    }

    private static ScriptedChatClient Lm() => ScriptedChatClient.Answering(_ => new Dictionary<string, object?> { ["answer"] = "Mira Tansel" });

    [Fact]
    public async Task A_saved_state_that_fits_is_loaded_at_start_up_and_the_injected_program_runs_with_it()
    {
        var path = await SavedQaStateAsync();
        var lm = Lm();
        using var host = Create(new Dictionary<string, string?>(), s =>
        {
            s.AddChatClient(lm);
            s.AddDspy();
            s.AddDspyProgram("qa", path, _ => Predict.Create("qa", "question -> answer"));
        });

        await host.StartAsync(Ct);
        var qa = host.Services.GetRequiredService<DspyProgram<Example, Prediction>>();
        var loadedAtStartUp = qa.IsLoaded;
        var answer = await qa.RunAsync(Example.Create("question", "Who founded Ivel?"), Ct);

        Assert.True(loadedAtStartUp);
        Assert.Equal("Mira Tansel", answer.GetText("answer"));
        var prompt = string.Join("\n", Assert.Single(lm.Requests).Messages.Select(m => m.Text));
        Assert.Contains("Answer with a name.", prompt, StringComparison.Ordinal); // the saved instructions
        Assert.Contains("Who founded Orvale Press?", prompt, StringComparison.Ordinal); // the saved demo
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task A_saved_state_that_does_not_fit_the_program_fails_start_up_naming_the_program_the_predictor_and_the_difference()
    {
        var path = await SavedQaStateAsync();
        using var host = Create(new Dictionary<string, string?>(), s =>
        {
            s.AddChatClient(Lm());
            s.AddDspy();
            s.AddDspyProgram("qa", path, _ => Predict.Create("qa", "question, context -> answer"));
        });

        var error = await Assert.ThrowsAsync<DspyProgramLoadException>(() => host.StartAsync(Ct));
        TestContext.Current.SendDiagnosticMessage(error.Message);

        Assert.Equal("qa", error.ProgramName);
        Assert.Equal(path, error.StatePath);
        Assert.Equal("qa", error.Predictor);
        Assert.IsType<ProgramStateFormatException>(error.InnerException);
        Assert.StartsWith($"The Dspy program 'qa' cannot use its saved state: {path} does not fit this program (1 problem):", error.Message, StringComparison.Ordinal);
        Assert.Contains("predictor 'qa' was compiled for 'question -> answer' but the program's is 'question, context -> answer'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_program_whose_predictors_are_not_in_the_saved_state_fails_start_up_listing_each()
    {
        var path = await SavedQaStateAsync();
        using var host = Create(new Dictionary<string, string?>(), s =>
        {
            s.AddChatClient(Lm());
            s.AddDspy();
            s.AddDspyProgram("two", path, _ => AnswerThenCheck());
        });

        var error = await Assert.ThrowsAsync<DspyProgramLoadException>(() => host.StartAsync(Ct));

        Assert.Contains("predictor 'check' of the program (Predict, 'answer -> verdict') has no state in it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_state_file_fails_start_up_with_its_full_path_and_the_server_never_starts()
    {
        var started = false;
        using var host = Create(new Dictionary<string, string?>(), s =>
        {
            s.AddChatClient(Lm());
            s.AddDspy();
            s.AddDspyProgram("qa", "states/qa.json", _ => Predict.Create("qa", "question -> answer"));
            s.AddHostedService(_ => new FlagOnStart(() => started = true)); // registered after AddDspy, like a web server
        }, contentRoot: _folder.Path);

        var error = await Assert.ThrowsAsync<DspyProgramLoadException>(() => host.StartAsync(Ct));

        Assert.Equal($"The Dspy program 'qa' cannot use its saved state: No saved program state at {_folder.File("states/qa.json")}.", error.Message);
        Assert.False(started);
    }

    [Fact]
    public async Task Several_failing_programs_are_all_reported_at_start_up()
    {
        var path = await SavedQaStateAsync();
        using var host = Create(new Dictionary<string, string?>(), s =>
        {
            s.AddChatClient(Lm());
            s.AddDspy()
                .AddProgram("first", path, _ => Predict.Create("qa", "question, context -> answer"))
                .AddProgram("second", _folder.File("none.json"), _ => Predict.Create("qa", "question -> answer"));
        });

        var error = await Assert.ThrowsAsync<AggregateException>(() => host.StartAsync(Ct));

        Assert.Equal(["first", "second"], error.InnerExceptions.Cast<DspyProgramLoadException>().Select(e => e.ProgramName));
        Assert.StartsWith("2 Dspy programs cannot start:\nThe Dspy program 'first' cannot use its saved state", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Programs_are_found_by_name_in_the_registry_and_as_keyed_services()
    {
        var path = await SavedQaStateAsync();
        using var host = Create(new Dictionary<string, string?>(), s =>
        {
            s.AddChatClient(Lm());
            s.AddDspy()
                .AddProgram("qa", path, _ => Predict.Create("qa", "question -> answer"))
                .AddProgram("zero-shot", _ => Predict.Create("qa", "question -> answer"));
        });
        await host.StartAsync(Ct);
        var registry = host.Services.GetRequiredService<DspyProgramRegistry>();

        var compiled = await registry.Get<Example, Prediction>("qa").GetProgramAsync(Ct);
        var zeroShot = await host.Services.GetRequiredKeyedService<DspyProgram<Example, Prediction>>("zero-shot").GetProgramAsync(Ct);

        Assert.Equal(["qa", "zero-shot"], registry.Names);
        Assert.Equal([Demo], compiled.State.Find("qa")!.Demos);
        Assert.Null(zeroShot.State.Find("qa"));
        Assert.Null(registry.Find("QA"));
        Assert.Equal("The Dspy program 'qa' is Example -> Prediction, not String -> String.",
            Assert.Throws<InvalidCastException>(() => registry.Get<string, string>("qa")).Message);
        Assert.Equal("No Dspy program is registered as 'rag'. Registered: 'qa', 'zero-shot'.", Assert.Throws<KeyNotFoundException>(() => registry.Get("rag")).Message);
        var ambiguous = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<DspyProgram<Example, Prediction>>());
        Assert.StartsWith("2 Dspy programs are Example -> Prediction ('qa', 'zero-shot'); inject one by name with [FromKeyedServices(\"qa\")]", ambiguous.Message, StringComparison.Ordinal);
        await host.StopAsync(Ct);
    }

    [Fact]
    public void Registering_a_program_before_AddDspy_or_under_a_taken_name_is_refused_when_services_are_composed()
    {
        var services = new ServiceCollection();

        var early = Assert.Throws<InvalidOperationException>(() => services.AddDspyProgram("qa", _ => Predict.Create("qa", "question -> answer")));
        services.AddDspy().AddProgram("qa", _ => Predict.Create("qa", "question -> answer"));
        var taken = Assert.Throws<ArgumentException>(() => services.AddDspyProgram("QA", _ => Predict.Create("qa", "question -> answer")));

        Assert.StartsWith("Call services.AddDspy() before services.AddDspyProgram(...)", early.Message, StringComparison.Ordinal);
        Assert.StartsWith("A Dspy program named 'qa' is already registered", taken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_a_host_the_program_is_loaded_and_checked_on_first_use()
    {
        var path = await SavedQaStateAsync();
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddChatClient(Lm());
        services.AddDspy().AddProgram("qa", path, _ => Predict.Create("qa", "question, context -> answer"));
        await using var provider = services.BuildServiceProvider();
        var qa = provider.GetRequiredService<DspyProgram<Example, Prediction>>();

        var error = await Assert.ThrowsAsync<DspyProgramLoadException>(() => qa.RunAsync(Example.Create("question", "q"), Ct));

        Assert.Equal("qa", error.Predictor);
    }

    private static Program<Example, Prediction> AnswerThenCheck()
    {
        var qa = Predict.Create("qa", "question -> answer");
        var check = Predict.Create("check", "answer -> verdict");
        return
            from q in Programs.Input<Example>()
            from a in qa.Call(q)
            from v in check.Call(Example.Create("answer", a.GetText("answer")))
            select v;
    }

    private sealed class FlagOnStart(Action flag) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            flag();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
