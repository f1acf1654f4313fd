using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Dspy.Fluent.Tests;

/// <summary>An optimizer's compile and each of its trials are spans and callback events, with the runs they make inside.</summary>
public sealed class OptimizerSpanTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Example[] Trainset =
    [
        Example.Create("country", "France").With("answer", "Paris").WithInputs("country"),
        Example.Create("country", "Peru").With("answer", "Lima").WithInputs("country"),
        Example.Create("country", "Chad").With("answer", "N'Djamena").WithInputs("country"),
    ];

    /// <summary>Knows two capitals of three, so the trial scores are neither 0 nor 1.</summary>
    private static ScriptedChatClient Lm() => ScriptedChatClient.Answering(messages =>
        Replies.Of(("answer", ScriptedChatClient.InputOf(messages, "country") switch { "France" => "Paris", "Peru" => "Lima", _ => "Moundou" })));

    private static BootstrapFewShotWithRandomSearch Search(LMSettings settings) => new(Metrics.ExactMatch, new BootstrapFewShotWithRandomSearchOptions
    {
        NumCandidatePrograms = 1, MaxBootstrappedDemos = 2, MaxLabeledDemos = 0, Settings = settings,
    });

    [Fact]
    public async Task A_compile_is_a_span_over_its_trials_and_each_trial_over_the_runs_it_scores()
    {
        var spans = new List<Activity>();
        using var testSource = new ActivitySource($"test-{Guid.NewGuid():N}");
        using (Sdk.CreateTracerProviderBuilder().AddSource(DspyTelemetry.SourceName, testSource.Name).AddInMemoryExporter(spans).Build())
        {
            ActivityTraceId trace;
            using (var root = testSource.StartActivity("test")!)
            {
                trace = root.TraceId;
                await Search(new LMSettings { Client = Lm() }).CompileAsync(Predict.Create("capital", "country -> answer"), Trainset, Ct);
            }
            spans.RemoveAll(s => s.TraceId != trace || s.Source == testSource);
        }

        var compile = spans.Single(s => s.DisplayName == "dspy.compile BootstrapFewShotWithRandomSearch");
        Assert.Equal("BootstrapFewShotWithRandomSearch", compile.GetTagItem("dspy.optimizer"));
        Assert.Equal(3, compile.GetTagItem("dspy.examples"));
        Assert.Equal(2.0 / 3, (double)compile.GetTagItem("dspy.score")!, 6);

        // Random search compiles its candidates with nested optimizers: their compiles are spans inside the outer one.
        var compiles = spans.Where(s => s.DisplayName.StartsWith("dspy.compile ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["dspy.compile BootstrapFewShot", "dspy.compile LabeledFewShot"],
            compiles.Where(c => c.ParentSpanId == compile.SpanId).Select(c => c.DisplayName).Distinct().Order());
        var trials = spans.Where(s => s.DisplayName.StartsWith("dspy.trial ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(trials);
        Assert.All(trials, t => Assert.Contains(compiles, c => c.SpanId == t.ParentSpanId));
        foreach (var group in trials.GroupBy(t => t.ParentSpanId))
            Assert.Equal(Enumerable.Range(1, group.Count()).Select(i => $"dspy.trial trial {i}"), group.Select(t => t.DisplayName).Order(StringComparer.Ordinal));
        // Every program run of the compile happens inside one of its trials.
        var runs = spans.Where(s => s.DisplayName.StartsWith("dspy.run ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(runs);
        Assert.All(runs, r => Assert.Contains(trials, t => IsInside(r, t, spans)));
        var evaluations = trials.Where(t => spans.Any(s => s.ParentSpanId == t.SpanId && s.DisplayName.StartsWith("dspy.evaluate", StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(evaluations);
        Assert.All(evaluations, t => Assert.Equal(0, t.GetTagItem("dspy.failures")));
        Assert.Contains(evaluations, t => t.GetTagItem("dspy.score") is double score && Math.Abs(score - 2.0 / 3) < 1e-9);
    }

    [Fact]
    public async Task Callbacks_see_the_compile_start_first_and_end_last_with_every_trial_in_between()
    {
        var recorder = new RecordingCallback();
        var result = await Search(new LMSettings { Client = Lm(), Callbacks = [recorder] }).CompileAsync(Predict.Create("capital", "country -> answer"), Trainset, Ct);

        var events = recorder.Events.ToList();
        Assert.Equal("start Compile BootstrapFewShotWithRandomSearch", events[0]);
        Assert.Equal("end Compile BootstrapFewShotWithRandomSearch", events[^1]);
        Assert.Contains("start Compile BootstrapFewShot", events); // the nested compile of each candidate
        var trialStarts = events.Where(e => e.StartsWith("start Trial ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(trialStarts);
        Assert.Equal(trialStarts.Count, events.Count(e => e.StartsWith("end Trial ", StringComparison.Ordinal)));
        Assert.Same(result, recorder.Ends.Single(e => e.Kind == DspyCallKind.Compile && e.Name == "BootstrapFewShotWithRandomSearch").Output);
        Assert.Equal(Trainset, recorder.Starts.Single(s => s.Kind == DspyCallKind.Compile && s.Name == "BootstrapFewShotWithRandomSearch").Input);
        // No LM call outside a trial: each run's events sit between a trial's start and its end.
        var depth = 0;
        foreach (var e in events)
        {
            if (e.StartsWith("start Trial ", StringComparison.Ordinal)) depth++;
            else if (e.StartsWith("end Trial ", StringComparison.Ordinal)) depth--;
            else if (e.StartsWith("start LM ", StringComparison.Ordinal)) Assert.True(depth > 0, $"an LM call outside any trial: {e}");
        }
    }

    [Fact]
    public async Task BootstrapFinetune_runs_its_teacher_inside_a_trial_too()
    {
        var lm = new SimulatedLM();
        var recorder = new RecordingCallback();
        var settings = new LMSettings { Client = lm, Callbacks = [recorder] };

        await new BootstrapFinetune(null, new SimulatedFineTuner(lm), new BootstrapFinetuneOptions { Settings = settings })
            .CompileAsync(Predict.Create("capital", "country -> answer"), Trainset, Ct);

        var events = recorder.Events.ToList();
        Assert.Equal("start Compile BootstrapFinetune", events[0]);
        Assert.Equal("end Compile BootstrapFinetune", events[^1]);
        var start = events.IndexOf("start Trial trial 1");
        var end = events.IndexOf("end Trial trial 1");
        Assert.True(start > 0 && end > start, string.Join("\n", events));
        // The teacher's three runs are all inside the trial.
        Assert.Equal(Trainset.Length, events.Skip(start).Take(end - start).Count(e => e.StartsWith("start Run ", StringComparison.Ordinal)));
        Assert.Equal(Trainset.Length, events.Count(e => e.StartsWith("start Run ", StringComparison.Ordinal)));
    }

    private static bool IsInside(Activity span, Activity ancestor, List<Activity> all)
    {
        var byId = all.ToDictionary(s => s.SpanId);
        for (var s = span; byId.TryGetValue(s.ParentSpanId, out var parent); s = parent)
            if (parent.SpanId == ancestor.SpanId) return true;
        return false;
    }
}
