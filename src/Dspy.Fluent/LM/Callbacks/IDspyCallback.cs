namespace Dspy.Fluent;

/// <summary>
/// Observes a run: told when each run, module, predictor call, adapter format/parse, LM call, tool call and evaluation
/// starts and ends, in order, nested by <see cref="DspyCallStart.ParentCallId"/>. Register it in
/// <see cref="LMSettings.Callbacks"/>: per run, or for a scope with <see cref="LMSettings.UseCallbacks"/>.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.utils.callback.BaseCallback</c> and <c>dspy.configure(callbacks=[...])</c>. Derive from
/// <see cref="DspyCallback"/> to override only DSPy's per-kind handlers (<c>OnModuleStartAsync</c>, <c>OnLMEndAsync</c>, …).</para>
/// <para>The run awaits each handler before going on. As in DSPy, an exception a handler throws is caught so that observing
/// never changes the run; it is recorded as a <c>dspy.callback.error</c> event on the current span.</para>
/// <para>Inputs and outputs are passed unredacted: a callback is code in your process. Mask them with
/// <see cref="SecretRedactor.For"/> before writing them anywhere.</para>
/// </remarks>
/// <example>
/// <code>
/// sealed class Printer : IDspyCallback
/// {
///     public Task OnStartAsync(DspyCallStart call, CancellationToken ct) { Console.WriteLine($"start {call.Kind} {call.Name}"); return Task.CompletedTask; }
///     public Task OnEndAsync(DspyCallEnd call, CancellationToken ct) { Console.WriteLine($"end {call.Kind} {call.Name}"); return Task.CompletedTask; }
/// }
/// await program.RunAsync(question, new LMSettings { Client = lm, Callbacks = [new Printer()] });
/// </code>
/// </example>
public interface IDspyCallback
{
    /// <summary>A call is starting.</summary>
    /// <param name="call">What is being called, with what.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits before the call proceeds.</returns>
    Task OnStartAsync(DspyCallStart call, CancellationToken cancellationToken);

    /// <summary>A call has ended, successfully or not.</summary>
    /// <param name="call">Its output or exception.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits before it goes on (or rethrows the call's exception).</returns>
    Task OnEndAsync(DspyCallEnd call, CancellationToken cancellationToken);
}
