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
/// <para>Jint checks memory before each statement, and the sandbox checks once more after the last one. The prelude
/// (<c>JavaScriptPrelude</c>) refuses single built-in calls, template literals and <c>JSON.stringify</c> calls that
/// would build strings over <see cref="JavaScriptSandboxOptions.MaxStringLength"/>, or compile regular expressions
/// over <see cref="JavaScriptSandboxOptions.MaxPatternLength"/>, before they allocate, and removes typed arrays; a
/// refusal the code does not catch is reported as <see cref="CodeErrorKind.MemoryLimit"/>. What remains: a single
/// built-in call can still allocate a small constant factor more than data already within the memory limit before
/// the next check stops the run. For hostile code at scale, run the interpreter in a separate process.</para>
/// </remarks>
/// <example>
/// <code>
/// var sandbox = new JavaScriptSandbox();
/// var run = await sandbox.ExecuteAsync("print('hi'); 6 * 7");
/// // run.Result == "42", run.Output == "hi"
/// </code>
/// </example>
public sealed partial class JavaScriptSandbox : ICodeInterpreter, ICodeSessionFactory
{
    internal static readonly Prepared<Acornima.Ast.Script> Prelude = Engine.PrepareScript(JavaScriptPrelude.Source, "prelude");

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
    /// <remarks>States the two ways JavaScript differs from a Python REPL that matter to an LM: top-level <c>let</c>
    /// and <c>const</c> cannot be declared twice across steps (so it is told to use <c>var</c> or plain assignment),
    /// and there is no <c>import</c>, <c>require</c>, file system, network or timers.</remarks>
    public string ExecutionInstructions => SessionRules;

    internal const string SessionRules =
        "JavaScript (ECMAScript 2023) in a sandbox: no import/require, files, network or timers. " +
        "Top-level variables persist between steps; declare them with `var` (or assign without a keyword), since `let`/`const` cannot be declared twice. " +
        "Host functions are synchronous: call them directly, without `await`.";

    /// <inheritdoc />
    /// <remarks>The session keeps one engine with this sandbox's limits; the time limit is per run and does not count
    /// the time spent inside host functions (an LM call), and host functions run off the engine's thread, so their
    /// allocations do not count towards the memory limit either.</remarks>
    public ICodeSession StartSession(IEnumerable<HostFunction> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        return new JavaScriptSession(Options, functions);
    }

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

        using var engine = new Engine(ConfigureEngine(Options, cancellationToken));
        ObjectInstance helpers;
        try
        {
            var write = new ClrFunction(engine, "write", (_, args) =>
            {
                output.Write(args.Length > 0 && args[0] is JsString s ? s.ToString() : "", args.Length > 1 && args[1].IsBoolean() && args[1].AsBoolean());
                return JsValue.Undefined;
            });
            helpers = engine.Invoke(engine.Evaluate(Prelude), write, Options.MaxStringLength, Options.MaxPatternLength, JavaScriptTemplateGuard.TagName).AsObject();
        }
        catch (ExecutionCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        try
        {
            var codeStart = GC.GetAllocatedBytesForCurrentThread();
            var completion = Evaluate(engine, code);
            var result = completion.IsUndefined() ? null : engine.Invoke(helpers.Get("show"), completion).ToString();
            // Jint checks its limit before each statement, so what the last one (and showing its value) allocated
            // would otherwise never be checked.
            var allocated = GC.GetAllocatedBytesForCurrentThread() - codeStart;
            if (allocated > Options.MemoryLimitBytes)
                return Done(null, CodeErrorKind.MemoryLimit, $"Memory limit exceeded ({Options.MemoryLimitBytes} bytes): the code allocated {allocated} bytes by the end of its last statement.");
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
            var (kind, message) = Describe(Options, e, engine, helpers);
            return Done(null, kind, message);
        }
    }

    internal static JsValue Evaluate(Engine engine, string code)
    {
        Prepared<Acornima.Ast.Script> prepared;
        try
        {
            prepared = Engine.PrepareScript(code, "code");
        }
        catch (ScriptPreparationException)
        {
            // Let the engine parse it again and report the error the way it always has.
            return engine.Evaluate(code, "code");
        }
        if (prepared.Program is not { } script) return engine.Evaluate(code, "code");
        return JavaScriptTemplateGuard.Tag(code, script) is { } tagged ? engine.Evaluate(tagged, "code") : engine.Evaluate(prepared);
    }

    internal static Action<Options> ConfigureEngine(JavaScriptSandboxOptions options, CancellationToken cancellationToken, bool timeout = true) => o =>
    {
        // Never AllowClr: without it there is no importNamespace, no System namespace and no CLR type resolution.
        o.Interop.Enabled = false;
        o.DisableStringCompilation();
        o.LimitMemory(options.MemoryLimitBytes);
        if (timeout) o.TimeoutInterval(options.Timeout);
        o.MaxStatements(options.MaxStatements);
        o.LimitRecursion(options.MaxRecursionDepth);
        o.CancellationToken(cancellationToken);
        o.Constraints.MaxArraySize = options.MaxArrayLength;
        o.Constraints.RegexTimeout = options.Timeout;
        // Converts native stack exhaustion (deep recursion, built-ins walking deeply nested data) into a RangeError
        // instead of a process-killing stack overflow.
        o.Constraints.StackOverflowGuard = true;
    };

    internal static (CodeErrorKind Kind, string Message) Describe(JavaScriptSandboxOptions options, Exception e, Engine engine, ObjectInstance helpers) => e switch
    {
        JavaScriptException js => DescribeThrown(options, js, engine, helpers),
        Acornima.ParseErrorException parse => (CodeErrorKind.SyntaxError, $"SyntaxError: {parse.Message}"),
        TimeoutException or RegexMatchTimeoutException =>
            (CodeErrorKind.TimeLimit, $"Time limit exceeded: the code ran longer than {options.Timeout.TotalSeconds:0.###} s and was stopped."),
        ExecutionCanceledException =>
            (CodeErrorKind.TimeLimit, "The run was cancelled before the code finished."),
        StatementsCountOverflowException =>
            (CodeErrorKind.StatementLimit, $"Statement limit exceeded: the code executed more than {options.MaxStatements} statements (an endless loop?) and was stopped."),
        RecursionDepthOverflowException =>
            (CodeErrorKind.RecursionLimit, $"Recursion limit exceeded: calls nested deeper than {options.MaxRecursionDepth} levels."),
        InsufficientExecutionStackException =>
            (CodeErrorKind.RecursionLimit, "Recursion limit exceeded: the code or its data is nested too deeply."),
        MemoryLimitExceededException =>
            (CodeErrorKind.MemoryLimit, $"Memory limit exceeded ({options.MemoryLimitBytes} bytes): {e.Message}"),
        _ => (CodeErrorKind.RuntimeError, $"{e.GetType().Name}: {e.Message}"),
    };

    private static (CodeErrorKind, string) DescribeThrown(JavaScriptSandboxOptions options, JavaScriptException js, Engine engine, ObjectInstance helpers)
    {
        string text;
        bool limit;
        try
        {
            // Formatting the thrown value may run its getters: do it inside the engine, under the same limits.
            text = engine.Invoke(helpers.Get("error"), js.Error).ToString();
            limit = engine.Invoke(helpers.Get("limit"), js.Error).AsBoolean();
        }
        catch (Exception)
        {
            text = js.Message;
            limit = false;
        }
        // A guard's refusal, uncaught: nothing was allocated, but the code asked for more than the sandbox allows.
        var line = CodeLine(js);
        var at = line > 0 ? $" (line {line})" : "";
        if (limit)
            return (CodeErrorKind.MemoryLimit, $"Memory limit exceeded ({options.MemoryLimitBytes} bytes, strings up to {options.MaxStringLength} characters): {text}{at}");
        // A parse error names its own position ("(code:line:column)"); a runtime error gets its line appended.
        if (text.StartsWith("SyntaxError", StringComparison.Ordinal) && js.Message.Contains("(code:", StringComparison.Ordinal))
            return (CodeErrorKind.SyntaxError, text);
        var kind = text.Contains("Maximum call stack size exceeded", StringComparison.Ordinal) ? CodeErrorKind.RecursionLimit : CodeErrorKind.RuntimeError;
        return (kind, text + at);
    }

    /// <summary>The line of the code (not of the prelude, where guards throw) the error came from, or 0.</summary>
    private static int CodeLine(JavaScriptException js)
    {
        if (js.Location.SourceFile == "code") return js.Location.Start.Line;
        var frame = CodeFrame().Match(js.JavaScriptStackTrace ?? "");
        return frame.Success ? int.Parse(frame.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"\bcode:(\d+):\d+")]
    private static partial Regex CodeFrame();

    /// <summary>Printed text up to a cap; what is cut is counted, not kept.</summary>
    internal sealed class OutputBuffer(int max)
    {
        private readonly StringBuilder _text = new();
        private long _dropped;

        /// <summary>One printed value, then a space or, after a line's last value, a line break.</summary>
        public void Write(string text, bool endOfLine)
        {
            Add(text);
            Add(endOfLine ? "\n" : " ");
        }

        private void Add(string piece)
        {
            var room = max - _text.Length;
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
