using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Dspy.Fluent;

public abstract partial class Program<TIn, TOut>
{
    /// <summary>
    /// Runs the program and streams its predictors' output fields as the LM writes them, then the program's output.
    /// </summary>
    /// <param name="input">The input.</param>
    /// <param name="settings">The LM and its settings; null for the ambient ones.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>Updates in arrival order: field text (tagged with predictor and field), a completed update per field with its
    /// parsed value, and a final update carrying the output — equal to what <see cref="RunAsync(TIn, LMSettings?, CancellationToken)"/> returns.</returns>
    /// <remarks>Each predictor call uses <c>GetStreamingResponseAsync</c>; the ChatAdapter's reply is split into fields
    /// incrementally. JSON-adapter calls report their fields when complete. Filter on <see cref="StreamUpdate{TOut}.Predictor"/>
    /// to follow only the final predictor.</remarks>
    /// <example>
    /// <code>
    /// await foreach (var update in program.StreamAsync(question, settings))
    ///     if (update.Field == "answer") Console.Write(update.Delta);
    /// </code>
    /// </example>
    public async IAsyncEnumerable<StreamUpdate<TOut>> StreamAsync(TIn input, LMSettings? settings = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<FieldEvent>(new UnboundedChannelOptions { SingleReader = true });
        var context = RunContext.CreateRoot(settings ?? RunContext.Current?.Settings, Structure, channel.Writer);
        var run = RunToChannel(input, context, channel.Writer, cancellationToken);
        await foreach (var e in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            yield return new StreamUpdate<TOut> { Predictor = e.Predictor, Field = e.Field, Delta = e.Delta, FieldCompleted = e.Completed, Value = e.Value };
        yield return new StreamUpdate<TOut> { IsFinal = true, Output = await run.ConfigureAwait(false) };
    }

    private async Task<TOut> RunToChannel(TIn input, RunContext context, ChannelWriter<FieldEvent> writer, CancellationToken cancellationToken)
    {
        try
        {
            var output = await RunCoreAsync(input, context, cancellationToken).ConfigureAwait(false);
            writer.TryComplete();
            return output;
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
            throw;
        }
    }
}
