using System.Runtime.ExceptionServices;

namespace Dspy.Fluent.Internal;

/// <summary>
/// BestOfN and Refine: up to N attempts, each a fresh sample (its own rollout id, the attempt temperature) scored by a
/// reward; the first at or above the threshold wins, else the best. With feedback on (Refine), an LM advises each
/// predictor after a failed attempt and the advice reaches the next attempt as a <c>hint_</c> input.
/// </summary>
/// <remarks>
/// Each attempt records into a trace of its own; only the chosen attempt's trace joins the run's trace (as DSPy
/// extends its trace with the best one), so optimizers see one coherent run. Every LM call, including the advice
/// step's and failed attempts', stays in the run's history. The advice travels in the run context, never in a
/// predictor or the program, so the program value is never changed.
/// </remarks>
internal sealed class AttemptsProgram<TIn, TOut>(
    string kind,
    Program<TIn, TOut> program,
    int n,
    Func<TIn, TOut, CancellationToken, ValueTask<double>> reward,
    double threshold,
    int? failCount,
    float temperature,
    RefineOptions? feedback) : Program<TIn, TOut>
{
    internal override string? ModuleName => kind;

    private readonly Predictor<Example, Prediction>? _advisor = feedback is null
        ? null
        : Predict.Make(new PredictorName(feedback.Name) / "offer_feedback", OfferFeedback.Signature, PredictorKind.Predict);

    // The advisor is not part of the structure: as in DSPy, Refine's feedback step is made per run and has no learned state.
    public override ProgramStructure Structure => program.Structure;

    /// <inheritdoc />
    protected internal override async ValueTask<TOut> RunCoreAsync(TIn input, RunContext context, CancellationToken cancellationToken)
    {
        var best = default(TOut);
        var bestReward = double.NegativeInfinity;
        IReadOnlyList<TraceEntry>? bestTrace = null;
        var failures = new List<Exception>();
        var hints = context.Hints;
        for (var i = 0; i < n; i++)
        {
            var attempt = context.WithFreshTrace().WithHints(hints).WithSettings(context.Settings with
            {
                RolloutId = RolloutIds.Nth(context.Settings.RolloutId, i),
                Temperature = temperature,
            });
            try
            {
                var output = await program.InvokeAsync(input, attempt, cancellationToken).ConfigureAwait(false);
                var trace = attempt.Recorder.Trace;
                var score = await ScoreAsync(input, output, context, cancellationToken).ConfigureAwait(false);
                if (bestTrace is null || score > bestReward) (best, bestReward, bestTrace) = (output, score, trace);
                if (score >= threshold || i == n - 1) break;
                if (_advisor is not null)
                    hints = await AdviseAsync(input, output, trace, score, context, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                failures.Add(e);
                if (failures.Count > (failCount ?? n)) ExceptionDispatchInfo.Throw(e);
            }
        }
        if (bestTrace is null)
            throw new InvalidOperationException(
                $"{kind}: all {n} attempts failed; the last error was {failures[^1].GetType().Name}: {failures[^1].Message}",
                new AggregateException(failures));
        context.Recorder.RecordAll(bestTrace);
        return best!;
    }

    /// <summary>Runs the reward outside the attempt's trace: its own LM calls (a judge) are history, not part of the program.</summary>
    private async ValueTask<double> ScoreAsync(TIn input, TOut output, RunContext context, CancellationToken cancellationToken)
    {
        using var _ = context.Detached().Enter();
        return await reward(input, output, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<IReadOnlyDictionary<string, string>> AdviseAsync(TIn input, TOut output, IReadOnlyList<TraceEntry> trace,
        double score, RunContext context, CancellationToken cancellationToken)
    {
        var modules = Modules(trace);
        var programCode = feedback!.ProgramDescription ??
            $"A Dspy.Fluent program (compiled .NET; its source is not available). It calls these modules: {string.Join(", ", modules.Select(m => m.Name))}.";
        var rewardCode = feedback.RewardDescription ??
            $"A .NET reward function (source not available) that scores the program's outputs; the attempt passes at {PythonFloat.Format(threshold)} or above.";
        var inputs = OfferFeedback.Inputs(programCode, modules, input, trace, output, rewardCode, threshold, score);
        var advisorContext = context.Detached();
        var advice = await _advisor!.PredictAsync(inputs, advisorContext, cancellationToken).ConfigureAwait(false);
        var byModule = advice.Get<IReadOnlyDictionary<string, string>>(OfferFeedback.AdviceField);
        // As DSPy: every module gets a hint on the next attempt, N/A when the advisor did not name it.
        return modules.ToDictionary(m => m.Name, m => byModule.TryGetValue(m.Name, out var text) ? text : "N/A", StringComparer.Ordinal);
    }

    /// <summary>The predictors the program declares, each with the signature the attempt ran it under (its instructions in force).</summary>
    private List<(string Name, Signature Signature)> Modules(IReadOnlyList<TraceEntry> trace) =>
        program.Predictors.Select(p => ((string)p.Name, trace.LastOrDefault(t => t.Name == p.Name)?.Signature ?? p.Signature)).ToList();
}
