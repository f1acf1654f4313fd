namespace Dspy.Fluent;

/// <summary>
/// An <see cref="IDspyCallback"/> with one overridable handler per kind of call, as in DSPy's <c>BaseCallback</c>; each
/// does nothing unless overridden.
/// </summary>
/// <remarks>Corresponds to <c>dspy.utils.callback.BaseCallback</c>: <c>on_lm_start</c> is <see cref="OnLMStartAsync"/>, and so on.</remarks>
/// <example>
/// <code>
/// sealed class LMLogger : DspyCallback
/// {
///     public override Task OnLMEndAsync(DspyCallEnd call, CancellationToken ct)
///     {
///         Console.WriteLine($"{call.Name} answered in {call.Duration.TotalMilliseconds} ms");
///         return Task.CompletedTask;
///     }
/// }
/// using var scope = LMSettings.UseCallbacks(new LMLogger());
/// </code>
/// </example>
public abstract class DspyCallback : IDspyCallback
{
    /// <summary>For subclasses.</summary>
    protected DspyCallback() { }

    /// <summary>Sends <paramref name="call"/> to the handler for its kind (<see cref="OnModuleStartAsync"/>, …).</summary>
    /// <param name="call">The call that is starting.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>The handler's task.</returns>
    public virtual Task OnStartAsync(DspyCallStart call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.Kind switch
        {
            DspyCallKind.Run => OnRunStartAsync(call, cancellationToken),
            DspyCallKind.Module => OnModuleStartAsync(call, cancellationToken),
            DspyCallKind.Predictor => OnPredictorStartAsync(call, cancellationToken),
            DspyCallKind.LM => OnLMStartAsync(call, cancellationToken),
            DspyCallKind.AdapterFormat => OnAdapterFormatStartAsync(call, cancellationToken),
            DspyCallKind.AdapterParse => OnAdapterParseStartAsync(call, cancellationToken),
            DspyCallKind.Tool => OnToolStartAsync(call, cancellationToken),
            DspyCallKind.Evaluate => OnEvaluateStartAsync(call, cancellationToken),
            DspyCallKind.Compile => OnCompileStartAsync(call, cancellationToken),
            DspyCallKind.Trial => OnTrialStartAsync(call, cancellationToken),
            DspyCallKind.InterpreterStartup => OnInterpreterStartupStartAsync(call, cancellationToken),
            DspyCallKind.InterpreterExecute => OnInterpreterExecuteStartAsync(call, cancellationToken),
            DspyCallKind.InterpreterToolCall => OnInterpreterToolCallStartAsync(call, cancellationToken),
            _ => Task.CompletedTask,
        };
    }

    /// <summary>Sends <paramref name="call"/> to the handler for its kind (<see cref="OnModuleEndAsync"/>, …).</summary>
    /// <param name="call">The call that has ended.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>The handler's task.</returns>
    public virtual Task OnEndAsync(DspyCallEnd call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.Kind switch
        {
            DspyCallKind.Run => OnRunEndAsync(call, cancellationToken),
            DspyCallKind.Module => OnModuleEndAsync(call, cancellationToken),
            DspyCallKind.Predictor => OnPredictorEndAsync(call, cancellationToken),
            DspyCallKind.LM => OnLMEndAsync(call, cancellationToken),
            DspyCallKind.AdapterFormat => OnAdapterFormatEndAsync(call, cancellationToken),
            DspyCallKind.AdapterParse => OnAdapterParseEndAsync(call, cancellationToken),
            DspyCallKind.Tool => OnToolEndAsync(call, cancellationToken),
            DspyCallKind.Evaluate => OnEvaluateEndAsync(call, cancellationToken),
            DspyCallKind.Compile => OnCompileEndAsync(call, cancellationToken),
            DspyCallKind.Trial => OnTrialEndAsync(call, cancellationToken),
            DspyCallKind.InterpreterStartup => OnInterpreterStartupEndAsync(call, cancellationToken),
            DspyCallKind.InterpreterExecute => OnInterpreterExecuteEndAsync(call, cancellationToken),
            DspyCallKind.InterpreterToolCall => OnInterpreterToolCallEndAsync(call, cancellationToken),
            _ => Task.CompletedTask,
        };
    }


    /// <summary>A program run starts (DSPy: <c>on_module_start</c> of the top-level module). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits.</returns>
    public virtual Task OnRunStartAsync(DspyCallStart call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A program run has ended (DSPy: <c>on_module_end</c> of the top-level module). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits.</returns>
    public virtual Task OnRunEndAsync(DspyCallEnd call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A module starts (DSPy: <c>on_module_start</c>). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits.</returns>
    public virtual Task OnModuleStartAsync(DspyCallStart call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A module has ended (DSPy: <c>on_module_end</c>). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits.</returns>
    public virtual Task OnModuleEndAsync(DspyCallEnd call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A predictor call starts (DSPy: <c>on_module_start</c> for <c>Predict</c>). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits.</returns>
    public virtual Task OnPredictorStartAsync(DspyCallStart call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A predictor call has ended (DSPy: <c>on_module_end</c> for <c>Predict</c>). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits.</returns>
    public virtual Task OnPredictorEndAsync(DspyCallEnd call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>An LM call starts (DSPy: <c>on_lm_start</c>). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits.</returns>
    public virtual Task OnLMStartAsync(DspyCallStart call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>An LM call has ended (DSPy: <c>on_lm_end</c>). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits.</returns>
    public virtual Task OnLMEndAsync(DspyCallEnd call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The adapter formatting a prompt starts (DSPy: <c>on_adapter_format_start</c>). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits.</returns>
    public virtual Task OnAdapterFormatStartAsync(DspyCallStart call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The adapter formatting a prompt has ended (DSPy: <c>on_adapter_format_end</c>). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits.</returns>
    public virtual Task OnAdapterFormatEndAsync(DspyCallEnd call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The adapter parsing a reply starts (DSPy: <c>on_adapter_parse_start</c>). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits.</returns>
    public virtual Task OnAdapterParseStartAsync(DspyCallStart call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The adapter parsing a reply has ended (DSPy: <c>on_adapter_parse_end</c>). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits.</returns>
    public virtual Task OnAdapterParseEndAsync(DspyCallEnd call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A tool call starts (DSPy: <c>on_tool_start</c>). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits.</returns>
    public virtual Task OnToolStartAsync(DspyCallStart call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A tool call has ended (DSPy: <c>on_tool_end</c>). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits.</returns>
    public virtual Task OnToolEndAsync(DspyCallEnd call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>An evaluation starts (DSPy: <c>on_evaluate_start</c>). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits.</returns>
    public virtual Task OnEvaluateStartAsync(DspyCallStart call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>An evaluation has ended (DSPy: <c>on_evaluate_end</c>). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits.</returns>
    public virtual Task OnEvaluateEndAsync(DspyCallEnd call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>An optimizer's compile starts (input: the trainset). Does nothing unless overridden.</summary>
    /// <param name="call">The call; its name is the optimizer's.</param>
    /// <param name="cancellationToken">The compile's token.</param>
    /// <returns>A task the compile awaits.</returns>
    /// <example><code>public override Task OnCompileStartAsync(DspyCallStart call, CancellationToken ct) { Console.WriteLine($"compiling with {call.Name}"); return Task.CompletedTask; }</code></example>
    public virtual Task OnCompileStartAsync(DspyCallStart call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>An optimizer's compile has ended (output: the <c>CompileResult</c>, or the exception). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The compile's token.</param>
    /// <returns>A task the compile awaits.</returns>
    /// <example><code>public override Task OnCompileEndAsync(DspyCallEnd call, CancellationToken ct) { Console.WriteLine($"compiled in {call.Duration}"); return Task.CompletedTask; }</code></example>
    public virtual Task OnCompileEndAsync(DspyCallEnd call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>An optimizer trial starts: a candidate is run or evaluated on a batch (input: the examples). Does nothing unless overridden.</summary>
    /// <param name="call">The call; its name is <c>trial N</c>.</param>
    /// <param name="cancellationToken">The compile's token.</param>
    /// <returns>A task the compile awaits.</returns>
    /// <example><code>public override Task OnTrialStartAsync(DspyCallStart call, CancellationToken ct) { Console.WriteLine(call.Name); return Task.CompletedTask; }</code></example>
    public virtual Task OnTrialStartAsync(DspyCallStart call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>An optimizer trial has ended (output: the scored runs or the evaluation). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The compile's token.</param>
    /// <returns>A task the compile awaits.</returns>
    /// <example><code>public override Task OnTrialEndAsync(DspyCallEnd call, CancellationToken ct) { Console.WriteLine($"{call.Name}: {call.Duration}"); return Task.CompletedTask; }</code></example>
    public virtual Task OnTrialEndAsync(DspyCallEnd call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A code session starts (DSPy: <c>on_interpreter_startup_start</c>). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits.</returns>
    /// <example><code>public override Task OnInterpreterStartupStartAsync(DspyCallStart call, CancellationToken ct) { Console.WriteLine(call.Name); return Task.CompletedTask; }</code></example>
    public virtual Task OnInterpreterStartupStartAsync(DspyCallStart call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A code session has started (DSPy: <c>on_interpreter_startup_end</c>). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits.</returns>
    /// <example><code>public override Task OnInterpreterStartupEndAsync(DspyCallEnd call, CancellationToken ct) { Console.WriteLine(call.Name); return Task.CompletedTask; }</code></example>
    public virtual Task OnInterpreterStartupEndAsync(DspyCallEnd call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Code starts running (DSPy: <c>on_interpreter_execute_start</c>). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits.</returns>
    /// <example><code>public override Task OnInterpreterExecuteStartAsync(DspyCallStart call, CancellationToken ct) { Console.WriteLine(call.Name); return Task.CompletedTask; }</code></example>
    public virtual Task OnInterpreterExecuteStartAsync(DspyCallStart call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Code has run (output: the CodeExecutionResult) (DSPy: <c>on_interpreter_execute_end</c>). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits.</returns>
    /// <example><code>public override Task OnInterpreterExecuteEndAsync(DspyCallEnd call, CancellationToken ct) { Console.WriteLine(call.Name); return Task.CompletedTask; }</code></example>
    public virtual Task OnInterpreterExecuteEndAsync(DspyCallEnd call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Code calls a host function (DSPy: <c>on_interpreter_tool_call_start</c>). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits.</returns>
    /// <example><code>public override Task OnInterpreterToolCallStartAsync(DspyCallStart call, CancellationToken ct) { Console.WriteLine(call.Name); return Task.CompletedTask; }</code></example>
    public virtual Task OnInterpreterToolCallStartAsync(DspyCallStart call, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A host function called by code has returned (DSPy: <c>on_interpreter_tool_call_end</c>). Does nothing unless overridden.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The run's token.</param>
    /// <returns>A task the run awaits.</returns>
    /// <example><code>public override Task OnInterpreterToolCallEndAsync(DspyCallEnd call, CancellationToken ct) { Console.WriteLine(call.Name); return Task.CompletedTask; }</code></example>
    public virtual Task OnInterpreterToolCallEndAsync(DspyCallEnd call, CancellationToken cancellationToken) => Task.CompletedTask;
}
