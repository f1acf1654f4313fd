using Spectre.Console;

namespace Dspy.Fluent.Tests;

/// <summary>What a compile shows while it runs and leaves behind: progress, the console bar, the chart, calls and cost.</summary>
public sealed class OptimizerObservabilityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MIPROv2Options Mipro(LMSettings settings, IProgress<OptimizerProgress>? progress = null) => new()
    {
        Auto = null, NumCandidates = 3, NumTrials = 6, MinibatchSize = 10, MinibatchFullEvalSteps = 3, Settings = settings, Progress = progress,
    };

    private static CompileOptions<Example, Prediction> Valset => new() { Valset = ToyInstructionLM.Trainset(60) };

    [Theory]
    [InlineData("trials.png")]
    [InlineData("trials.svg")]
    public async Task A_compile_report_draws_as_a_score_per_trial_chart(string name)
    {
        using var folder = new TempDirectory();
        var settings = new LMSettings { Client = ToyInstructionLM.Create() };

        var result = await new MIPROv2(Metrics.ExactMatch, Mipro(settings)).CompileAsync(ToyInstructionLM.Qa, ToyInstructionLM.Trainset(8), Valset, Ct);
        OptimizerChart.Save(result.Report, folder.File(name));

        var bytes = await File.ReadAllBytesAsync(folder.File(name), Ct);
        if (name.EndsWith(".png", StringComparison.Ordinal))
        {
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            Assert.True(bytes.Length > 5_000, $"{bytes.Length} bytes");
        }
        else
        {
            var svg = System.Text.Encoding.UTF8.GetString(bytes);
            Assert.Contains("<svg xmlns", svg);
            Assert.Contains("MIPROv2: score per trial", svg);
            Assert.Contains("minibatch", svg);
            Assert.Contains("best so far", svg);
        }
    }

    [Fact]
    public async Task The_chart_says_so_when_the_program_ran_on_a_stand_in_LM()
    {
        var result = await new COPRO(Metrics.ExactMatch, new COPROOptions { Breadth = 2, Depth = 1, Settings = new LMSettings { Client = new SimulatedLM() } })
            .CompileAsync(Predict.ChainOfThought("qa", "context, question -> answer"), [Example.Create("context", "Paris is in France.").With("question", "Where is Paris?").With("answer", "France").WithInputs("context", "question")], Ct);

        var svg = OptimizerChart.ToSvg(result.Report);

        Assert.Contains("COPRO: score per trial (stand-in LM, not a model)", svg);
        Assert.Contains("(stand-in LM, not a model)", result.Report.ToString());
    }

    [Fact]
    public async Task The_console_bar_runs_the_compile_and_returns_its_result()
    {
        var console = new StringWriter();
        var plain = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(console),
        });
        var settings = new LMSettings { Client = ToyInstructionLM.Create() };

        var result = await OptimizerProgressBar.RunAsync(progress =>
            new MIPROv2(Metrics.ExactMatch, Mipro(settings, progress: progress)).CompileAsync(ToyInstructionLM.Qa, ToyInstructionLM.Trainset(8), Valset, Ct), plain);

        Assert.Equal(1.0, result.Report.Score);
    }

    [Fact]
    public async Task Progress_streams_trial_candidate_score_and_best_so_far_of_the_search()
    {
        var updates = new List<OptimizerProgress>();
        var settings = new LMSettings { Client = ToyInstructionLM.Create() };

        var result = await new MIPROv2(Metrics.ExactMatch, Mipro(settings, progress: new SynchronousProgress<OptimizerProgress>(updates.Add)))
            .CompileAsync(ToyInstructionLM.Qa, ToyInstructionLM.Trainset(8), Valset, Ct);

        var search = updates.Where(u => u.Phase == "searching").ToList();
        Assert.Equal(6 + 2, search.Count); // six minibatch trials, full evaluations after trials 3 and 6
        Assert.Equal(Enumerable.Range(1, 8), search.Select(u => u.Done));
        Assert.All(search, u => Assert.NotNull(u.Score));
        Assert.All(search, u => Assert.StartsWith("qa: instruction", u.Candidate));
        Assert.Equal(result.Report.Score, search[^1].BestScore);
        Assert.StartsWith("MIPROv2: searching 8/9 · score", OptimizerProgressBar.Describe(search[^1]));
    }

    [Fact]
    public async Task The_report_counts_every_LM_call_and_prices_them_when_the_pipeline_tracks_usage()
    {
        var lm = ToyInstructionLM.Create();
        using var tracked = new UsageTrackingChatClient(lm)
        {
            Prices = LMPriceTable.Empty.With("scripted", new LMPrice(1m, 2m)),
        };

        var result = await new MIPROv2(Metrics.ExactMatch, Mipro(new LMSettings { Client = tracked })).CompileAsync(ToyInstructionLM.Qa, ToyInstructionLM.Trainset(8), Valset, Ct);

        Assert.Equal(lm.CallCount, result.Report.LMCalls);
        Assert.True(result.Report.ProposerLMCalls > 0);
        Assert.True(result.Report.CostUsd > 0m, $"cost {result.Report.CostUsd}");
        Assert.Equal(tracked.Tracker.Summary.CostUsd, result.Report.CostUsd);
    }
}
