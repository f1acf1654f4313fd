using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Dspy.Fluent.Internal;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace Dspy.Fluent;

/// <summary>
/// Runs JavaScript in a Jint interpreter with no way out: no CLR access, no file system, network, timers, modules or
/// string compilation, and limits on time, memory, statements, recursion, array and string sizes and printed output.
/// </summary>
/// <remarks>
/// <para>Each run gets a fresh engine, so nothing one run defines is visible to the next. The engine is created
/// without <c>AllowClr</c> and with interop off, so <c>System</c>, <c>importNamespace</c> and every host type are
/// absent; the only host function is the output sink behind <c>print</c>/<c>console.log</c>, reachable only from the
/// prelude's closure. <c>eval</c>, <c>Function(...)</c> and the async, generator and ShadowRealm variants throw
/// (string compilation is disabled). Deep recursion in scripts or in built-ins walking deeply nested data raises an
/// error instead of overflowing the host's stack (Jint's stack guard is on).</para>
/// <para>Jint checks memory between statements; the prelude (<c>JavaScriptPrelude</c>) refuses single built-in calls
/// that would build strings over <see cref="JavaScriptSandboxOptions.MaxStringLength"/> or compile regular
/// expressions over <see cref="JavaScriptSandboxOptions.MaxPatternLength"/> before they allocate, and removes typed
/// arrays. What remains: a few built-ins (JSON.stringify, encodeURIComponent, normalize…) can build a string a small
/// constant factor larger than data already within the memory limit before the next check stops the run; for
/// hostile code at scale, run the interpreter in a separate process.</para>
/// </remarks>
/// <example>
/// <code>
/// var sandbox = new JavaScriptSandbox();
/// var run = await sandbox.ExecuteAsync("print('hi'); 6 * 7");
/// // run.Result == "42", run.Output == "hi"
/// </code>
/// </example>
public sealed class JavaScriptSandbox : ICodeInterpreter
{
    private static readonly Prepared<Acornima.Ast.Script> Prelude = Engine.PrepareScript(JavaScriptPrelude.Source, "prelude");

    /// <summary>Creates a sandbox.</summary>
    /// <param name="options">Its limits; <see cref="JavaScriptSandboxOptions.Default"/> when null.</param>
    public JavaScriptSandbox(JavaScriptSandboxOptions? options = null)
    {
        var o = options ?? JavaScriptSandboxOptions.Default;
        if (o.Timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), o.Timeout, "Timeout must be positive.");
        ArgumentOutOfRangeException.ThrowIfLessThan(o.MemoryLimitBytes, 1_000_000, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(o.MaxStatements, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(o.MaxRecursionDepth, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(o.MaxStringLength, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(o.MaxPatternLength, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(o.MaxOutputChars, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(o.MaxCodeLength, 1, nameof(options));
        Options = o;
    }

    /// <summary>The limits.</summary>
    public JavaScriptSandboxOptions Options { get; }

    /// <inheritdoc />
    public string Language => "JavaScript";

    /// <inheritdoc />
    public Task<CodeExecutionResult> ExecuteAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        cancellationToken.ThrowIfCancellationRequested();
        // Jint is synchronous and CPU-bound: keep it off the caller's thread; the limits bound how long it holds one.
        return Task.Run(() => Execute(code, cancellationToken), cancellationToken);
    }

    private CodeExecutionResult Execute(string code, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var output = new OutputBuffer(Options.MaxOutputChars);
        CodeExecutionResult Done(string? result, CodeErrorKind kind = CodeErrorKind.None, string? error = null) => new()
        {
            Result = result, Output = output.ToString(), Error = error, ErrorKind = kind,
            Elapsed = clock.Elapsed, AllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore,
        };

        if (code.Length > Options.MaxCodeLength)
            return Done(null, CodeErrorKind.CodeTooLong, $"The code is {code.Length} characters long; the sandbox accepts at most {Options.MaxCodeLength}.");

        using var engine = new Engine(ConfigureEngine(cancellationToken));
        ObjectInstance helpers;
        try
        {
            var write = new ClrFunction(engine, "write", (_, args) =>
            {
                output.Append(args.Length > 0 && args[0] is JsString s ? s.ToString() : "");
                return JsValue.Undefined;
            });
            helpers = engine.Invoke(engine.Evaluate(Prelude), write, Options.MaxStringLength, Options.MaxPatternLength).AsObject();
        }
        catch (ExecutionCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        try
        {
            var completion = engine.Evaluate(code, "code");
            var result = completion.IsUndefined() ? null : engine.Invoke(helpers.Get("show"), completion).ToString();
            return Done(result is null || result.Length <= Options.MaxOutputChars
                ? result
                : $"{result[..Options.MaxOutputChars]}… (result cut at {Options.MaxOutputChars} characters; {result.Length} in all)");
        }
        catch (Exception e) when (e is ExecutionCanceledException or OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (Exception e)
        {
            var (kind, message) = Describe(e, engine, helpers);
            return Done(null, kind, message);
        }
    }

    private Action<Options> ConfigureEngine(CancellationToken cancellationToken) => o =>
    {
        // Never AllowClr: without it there is no importNamespace, no System namespace and no CLR type resolution.
        o.Interop.Enabled = false;
        o.DisableStringCompilation();
        o.LimitMemory(Options.MemoryLimitBytes);
        o.TimeoutInterval(Options.Timeout);
        o.MaxStatements(Options.MaxStatements);
        o.LimitRecursion(Options.MaxRecursionDepth);
        o.CancellationToken(cancellationToken);
        o.Constraints.MaxArraySize = Options.MaxArrayLength;
        o.Constraints.RegexTimeout = Options.Timeout;
        // Converts native stack exhaustion (deep recursion, built-ins walking deeply nested data) into a RangeError
        // instead of a process-killing stack overflow.
        o.Constraints.StackOverflowGuard = true;
    };

    private (CodeErrorKind Kind, string Message) Describe(Exception e, Engine engine, ObjectInstance helpers) => e switch
    {
        JavaScriptException js => DescribeThrown(js, engine, helpers),
        Acornima.ParseErrorException parse => (CodeErrorKind.SyntaxError, $"SyntaxError: {parse.Message}"),
        TimeoutException or RegexMatchTimeoutException =>
            (CodeErrorKind.TimeLimit, $"Time limit exceeded: the code ran longer than {Options.Timeout.TotalSeconds:0.###} s and was stopped."),
        ExecutionCanceledException =>
            (CodeErrorKind.TimeLimit, "The run was cancelled before the code finished."),
        StatementsCountOverflowException =>
            (CodeErrorKind.StatementLimit, $"Statement limit exceeded: the code executed more than {Options.MaxStatements} statements (an endless loop?) and was stopped."),
        RecursionDepthOverflowException =>
            (CodeErrorKind.RecursionLimit, $"Recursion limit exceeded: calls nested deeper than {Options.MaxRecursionDepth} levels."),
        InsufficientExecutionStackException =>
            (CodeErrorKind.RecursionLimit, "Recursion limit exceeded: the code or its data is nested too deeply."),
        MemoryLimitExceededException =>
            (CodeErrorKind.MemoryLimit, $"Memory limit exceeded ({Options.MemoryLimitBytes} bytes): {e.Message}"),
        _ => (CodeErrorKind.RuntimeError, $"{e.GetType().Name}: {e.Message}"),
    };

    private static (CodeErrorKind, string) DescribeThrown(JavaScriptException js, Engine engine, ObjectInstance helpers)
    {
        string text;
        try
        {
            // Formatting the thrown value may run its getters: do it inside the engine, under the same limits.
            text = engine.Invoke(helpers.Get("error"), js.Error).ToString();
        }
        catch (Exception)
        {
            text = js.Message;
        }
        // A parse error names its own position ("(code:line:column)"); a runtime error gets its line appended.
        if (text.StartsWith("SyntaxError", StringComparison.Ordinal) && js.Message.Contains("(code:", StringComparison.Ordinal))
            return (CodeErrorKind.SyntaxError, text);
        var kind = text.Contains("Maximum call stack size exceeded", StringComparison.Ordinal) ? CodeErrorKind.RecursionLimit : CodeErrorKind.RuntimeError;
        var line = js.Location.Start.Line;
        return (kind, line > 0 ? $"{text} (line {line})" : text);
    }

    /// <summary>Printed text up to a cap; what is cut is counted, not kept.</summary>
    private sealed class OutputBuffer(int max)
    {
        private readonly StringBuilder _text = new();
        private long _dropped;

        public void Append(string line)
        {
            var room = max - _text.Length;
            var piece = line + "\n";
            if (piece.Length <= room) _text.Append(piece);
            else
            {
                if (room > 0) _text.Append(piece, 0, room);
                _dropped += piece.Length - Math.Max(room, 0);
            }
        }

        public override string ToString()
        {
            var text = _text.ToString().TrimEnd('\n');
            return _dropped == 0 ? text : $"{text}\n… (output cut at {max} characters; {_dropped} more were printed)";
        }
    }
}
