using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

public sealed partial class Predictor<TIn, TOut>
{
    /// <summary>The extra input a predictor gets when a run carries a hint for it (Refine's advice), as DSPy names it.</summary>
    internal static readonly Field HintField = Field.Input("hint_", "A hint to the module from an earlier run");

    /// <summary>
    /// A step that asks for <paramref name="n"/> completions of the same input, e.g. for <see cref="Majority"/> or
    /// <see cref="MultiChainComparison"/>.
    /// </summary>
    /// <param name="input">The input record or example.</param>
    /// <param name="n">How many completions, at least 1.</param>
    /// <returns>The completions in rollout order; nothing runs until the program does.</returns>
    /// <remarks>
    /// <para>Corresponds to DSPy's <c>Predict(..., n=N)</c>. <c>ChatOptions</c> has no <c>n</c>, so this makes
    /// <paramref name="n"/> concurrent calls, each with its own rollout id (<c>0…n-1</c>, or counted on from a numeric
    /// <see cref="LMSettings.RolloutId"/>, or <c>{id}-{i}</c> for any other), so a cache keeps them apart and can
    /// replay them. As in DSPy, when n &gt; 1 and the temperature in force is unset or at most 0.15 it is raised to 0.7
    /// for these calls, since identical samples would defeat the purpose.</para>
    /// <para>The trace gets one entry, for the first completion, as DSPy's does; the LM history gets every call. When the
    /// run streams, only the first completion's fields are streamed.</para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is less than 1.</exception>
    public Step<IReadOnlyList<TOut>> CallMany(TIn input, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return new DelegateStep<IReadOnlyList<TOut>>(async (context, cancellationToken) =>
        {
            var inputs = _toInputs(input);
            if (n == 1) return [_fromOutputs(await PredictAsync(inputs, context, cancellationToken).ConfigureAwait(false))];
            var sampling = WithSamplingTemperature(context);
            var calls = new Task<Prediction>[n];
            for (var i = 0; i < n; i++)
            {
                // Only the first completion streams: concurrent ones would interleave under the same predictor name.
                var rollout = (i == 0 ? sampling : sampling.WithoutStream())
                    .WithSettings(sampling.Settings with { RolloutId = RolloutIds.Nth(context.Settings.RolloutId, i) });
                calls[i] = PredictAsync(inputs, rollout, cancellationToken, parseAs: null, record: false).AsTask();
            }
            var predictions = await Task.WhenAll(calls).ConfigureAwait(false);
            context.Recorder.Record(new TraceEntry(Name, KindText, SignatureFor(context.State.Find(Name)), inputs, predictions[0]));
            return predictions.Select(_fromOutputs).ToArray();
        });
    }

    /// <summary>The temperature this predictor would use in <paramref name="context"/>, raised to 0.7 through its state
    /// (which outranks config and settings) when it is unset or at most 0.15, as DSPy does for n &gt; 1.</summary>
    internal RunContext WithSamplingTemperature(RunContext context)
    {
        var state = context.State.Find(Name);
        var temperature = state?.Temperature ?? Config.Temperature ?? context.Settings.Temperature;
        if (temperature is { } t && t > SamplingTemperatureFloor) return context;
        return context.WithState(context.State.Update(Name, s => s with { Temperature = SamplingTemperature }));
    }

    internal const float SamplingTemperatureFloor = 0.15f;
    internal const float SamplingTemperature = 0.7f;
}
