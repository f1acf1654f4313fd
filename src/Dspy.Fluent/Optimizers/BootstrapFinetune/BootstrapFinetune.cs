using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Weight optimization: runs a teacher on the trainset, turns the predictor calls of passing runs into chat-format
/// fine-tuning data (OpenAI JSONL, built with the adapter exactly as prompts are), fine-tunes the predictors' model with an
/// <see cref="IFineTuner"/>, and returns the student with its predictors switched to the new model.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.BootstrapFinetune</c>. Each training line is the adapter's messages for the call (system,
/// demos unless <see cref="BootstrapFinetuneOptions.ExcludeDemos"/>, inputs) plus the call's outputs as the assistant turn
/// (<see cref="IAdapter.FormatReply"/>, as DSPy's <c>format_finetune_data</c>). The teacher is the one given in
/// <see cref="CompileOptions{TIn, TOut}.Teacher"/> (typically a prompt-optimized program), else the student. A predictor's
/// base model is its compiled or declared model, else the run's <see cref="LMSettings.Model"/>, else the client's default.</para>
/// <para>With a <c>SimulatedFineTuner</c> nothing is trained: the report says so, and its scores are not a model's.</para>
/// </remarks>
/// <example>
/// <code>
/// var lm = new SimulatedLM();
/// var finetune = new BootstrapFinetune(Metrics.ExactMatch, new SimulatedFineTuner(lm), new BootstrapFinetuneOptions { Settings = new() { Client = lm } });
/// var result = await finetune.CompileAsync(program, trainset, new CompileOptions&lt;Example, Prediction&gt; { Teacher = fewShotCompiled });
/// </code>
/// </example>
public sealed class BootstrapFinetune : Optimizer
{
    private readonly IMetric? _metric;
    private readonly IFineTuner _fineTuner;
    private readonly BootstrapFinetuneOptions _options;

    /// <summary>Creates the optimizer; every teacher run that completes becomes training data.</summary>
    /// <param name="fineTuner">Runs the fine-tuning jobs.</param>
    /// <param name="options">Settings; defaults when null.</param>
    public BootstrapFinetune(IFineTuner fineTuner, BootstrapFinetuneOptions? options = null) : this(null, fineTuner, options) { }

    /// <summary>Creates the optimizer; only teacher runs that pass <paramref name="metric"/> become training data.</summary>
    /// <param name="metric">Filters teacher runs (sees the trace and <c>IsBootstrapping = true</c>); null keeps every completed run.</param>
    /// <param name="fineTuner">Runs the fine-tuning jobs.</param>
    /// <param name="options">Settings; defaults when null.</param>
    public BootstrapFinetune(IMetric? metric, IFineTuner fineTuner, BootstrapFinetuneOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fineTuner);
        _metric = metric;
        _fineTuner = fineTuner;
        _options = options ?? new BootstrapFinetuneOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Concurrency, 1, nameof(BootstrapFinetuneOptions.Concurrency));
    }

    /// <summary>The optimizer and its settings, e.g. for a compile cache key.</summary>

    public override string ToString() => $"{Name} (metric {_metric?.Name ?? "none"}, fine-tuner {_fineTuner.GetType().FullName}) {_options}";


    /// <inheritdoc />
    public override string Name => "BootstrapFinetune";

    /// <inheritdoc />
    protected override LMSettings? Settings => _options.Settings;

    /// <inheritdoc />
    protected override IProgress<OptimizerProgress>? Progress => _options.Progress;


    /// <inheritdoc />
    protected override async Task<(Program<TIn, TOut> Program, OptimizerReport Report)> CompileCoreAsync<TIn, TOut>(
        OptimizerRun<TIn, TOut> run, CancellationToken cancellationToken)
    {
        var predictors = run.Predictors;
        var teacher = run.Options.Teacher ?? run.Student;
        var metric = _metric ?? Metrics.FromResult("completed", _ => MetricResult.Pass);
        var runs = new ScoredRun<TOut>[run.Trainset.Count];
        var done = 0;
        await foreach (var (i, scored) in run.RunEachAsync(teacher, run.Trainset, metric, bootstrapping: true, null, _options.Concurrency, cancellationToken)
                           .ConfigureAwait(false))
        {
            runs[i] = scored;
            run.Report("running the teacher", ++done, run.Trainset.Count, null, $"example {i}");
        }

        var trials = runs.Select((r, i) => new OptimizerTrial($"example {i}", r.Score?.Score, r.Passed(_options.MetricThreshold), r.Error ?? r.Score?.Feedback)
            { Phase = "teacher run" }).ToList();
        var calls = runs.Where(r => r.Passed(_options.MetricThreshold)).SelectMany(r => r.Trace.Where(t => t.Signature is not null)).ToList();
        if (calls.Count == 0)
            throw new InvalidOperationException($"BootstrapFinetune has no training data: none of the teacher's {runs.Length} runs " +
                                                $"{(_metric is null ? "completed" : $"passed the metric '{_metric.Name}'")} (first problem: " +
                                                $"{runs.Select(r => r.Error ?? r.Score?.Feedback).FirstOrDefault(e => e is not null) ?? "scores of zero"}). " +
                                                "Use a stronger teacher (e.g. a BootstrapFewShot-compiled program) or check the metric.");

        // Jobs: per base model (multitask) or per predictor; each with its predictors' calls, shuffled with the seed.
        var jobs = predictors.GroupBy(p => _options.Multitask ? BaseModel(run, p) : p.Name, StringComparer.Ordinal)
            .Select(g => (Key: g.Key, Model: BaseModel(run, g.First()), Predictors: g.ToList())).ToList();
        var results = await Task.WhenAll(jobs.Select(async job =>
        {
            var names = job.Predictors.Select(p => (string)p.Name).ToHashSet(StringComparer.Ordinal);
            var chats = calls.Where(c => names.Contains(c.Name)).Select(c => Chat(run, teacher, predictors, c)).ToList();
            if (chats.Count == 0) return (job, Model: (FineTunedModel?)null, Count: 0);
            var data = FineTuneDataset.FromChats(SeededSampling.Shuffle(chats, new Random(_options.Seed)));
            if (_options.DataDirectory is { } folder)
            {
                var path = Path.Combine(folder, Sanitize(job.Key) + ".jsonl");
                await data.SaveAsync(path, cancellationToken).ConfigureAwait(false);
                run.Note($"Training data for {string.Join(", ", names)}: {Path.GetFullPath(path)} ({data.Count} examples).");
            }
            run.Report("fine-tuning", 0, jobs.Count, null, $"{job.Model}: {data.Count} examples");
            var model = await _fineTuner.FineTuneAsync(new FineTuneRequest(job.Model, data) { Suffix = _options.Suffix, Seed = _options.Seed }, cancellationToken)
                .ConfigureAwait(false);
            return (job, Model: (FineTunedModel?)model, Count: data.Count);
        })).ConfigureAwait(false);

        var state = run.Student.State;
        foreach (var (job, model, count) in results)
        {
            var names = string.Join(", ", job.Predictors.Select(p => p.Name));
            if (model is null)
            {
                trials.Add(new OptimizerTrial($"fine-tune {job.Model} for {names}", null, false, "no passing run reached these predictors") { Phase = "fine-tune" });
                continue;
            }
            trials.Add(new OptimizerTrial($"fine-tune {job.Model} for {names}", null, true,
                $"{model.ModelId} from {count} examples (job {model.JobId}: {string.Join(" -> ", model.Statuses)})") { Phase = "fine-tune" });
            foreach (var p in job.Predictors)
                state = state.Update(p.Name, s => s with { Model = model.ModelId, Demos = _options.ExcludeDemos ? [] : s.Demos, Signature = p.Signature });
            if (model.Simulated)
                run.Note($"SIMULATED fine-tune: {model.ModelId} is a SimulatedLM profile derived from {count} examples by {_fineTuner.Name}; no weights were trained and its scores are not a model's.");
        }
        var chosen = string.Join("; ", results.Where(r => r.Model is not null).Select(r => $"{string.Join(", ", r.job.Predictors.Select(p => p.Name))} -> {r.Model!.ModelId}"));
        return (run.Student.WithState(state), new OptimizerReport
        {
            Optimizer = Name, Seed = _options.Seed, Trials = trials,
            Chosen = $"{chosen} ({calls.Count} training calls from {runs.Count(r => r.Passed(_options.MetricThreshold))} passing teacher runs)",
        });
    }

    /// <summary>The predictor call as a training conversation: the adapter's prompt and the call's outputs as the reply.</summary>
    private IReadOnlyList<ChatMessage> Chat<TIn, TOut>(OptimizerRun<TIn, TOut> run, Program<TIn, TOut> teacher, IReadOnlyList<IPredictor> predictors, TraceEntry call)
    {
        var adapter = predictors.FirstOrDefault(p => p.Name == call.Name)?.Config.Adapter ?? run.Settings.Adapter;
        var demos = _options.ExcludeDemos ? [] : teacher.State.Find(call.Name)?.Demos ?? [];
        var messages = adapter.Format(call.Signature!, demos, call.Inputs).ToList();
        messages.Add(new ChatMessage(ChatRole.Assistant, adapter.FormatReply(call.Signature!, call.Outputs)));
        return messages;
    }

    /// <summary>The model a predictor runs on: compiled, declared, the run's, or the client's default.</summary>
    private static string BaseModel<TIn, TOut>(OptimizerRun<TIn, TOut> run, IPredictor predictor) =>
        run.Student.State.Find(predictor.Name)?.Model ?? predictor.Config.Model ?? run.Settings.Model
        ?? run.Settings.Client?.GetService<ChatClientMetadata>()?.DefaultModelId
        ?? throw new InvalidOperationException($"BootstrapFinetune cannot tell which model predictor '{predictor.Name}' runs on: set LMSettings.Model " +
                                               "(or the predictor's PredictorConfig.Model) to the model to fine-tune.");

    private static string Sanitize(string name) =>
        string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
