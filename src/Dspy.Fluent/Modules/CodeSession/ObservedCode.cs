using System.Text.Json;

namespace Dspy.Fluent.Internal;

/// <summary>
/// DSPy's interpreter events around code modules (CodeAct, RLM, ProgramOfThought): the session's start, each execution,
/// and each host function the code calls, as callback events and spans. Unobserved runs call straight through.
/// </summary>
internal static class ObservedCode
{
    /// <summary>Starts a session whose host functions report their calls (<see cref="DspyCallKind.InterpreterToolCall"/>).</summary>
    public static async ValueTask<ICodeSession> StartAsync(ICodeSessionFactory factory, IEnumerable<HostFunction> functions, LMSettings settings,
        CancellationToken cancellationToken)
    {
        if (!ObservedCall.IsObserved(settings)) return factory.StartSession(functions);
        var observed = functions.Select(f => Observe(f, settings)).ToList();
        return await ObservedCall.RunAsync(settings, DspyCallKind.InterpreterStartup, factory.Language, (IReadOnlyList<string>)[.. observed.Select(f => f.Name)],
            (Factory: factory, Functions: observed), static (s, _) => ValueTask.FromResult(s.Factory.StartSession(s.Functions)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one piece of code (<paramref name="execute"/>) as a <see cref="DspyCallKind.InterpreterExecute"/> call.</summary>
    public static async Task<CodeExecutionResult> ExecuteAsync(LMSettings settings, string language, string code,
        Func<string, CancellationToken, Task<CodeExecutionResult>> execute, CancellationToken cancellationToken) =>
        ObservedCall.IsObserved(settings)
            ? await ObservedCall.RunAsync(settings, DspyCallKind.InterpreterExecute, language, code, (Execute: execute, Code: code),
                static async (s, ct) => await s.Execute(s.Code, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false)
            : await execute(code, cancellationToken).ConfigureAwait(false);

    private static HostFunction Observe(HostFunction function, LMSettings settings) => new(function.Name, (args, ct) =>
        ObservedCall.RunAsync(settings, DspyCallKind.InterpreterToolCall, function.Name, args, (Function: function, Args: args),
            static (s, c) => s.Function.Invoke(s.Args, c), ct));
}
