using System.Diagnostics;
using System.Collections;
using System.Globalization;
using System.Text.Json;
using Dspy.Fluent.Internal;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace Dspy.Fluent;

/// <summary>
/// A persistent Jint engine: the prelude runs once, then every piece of code runs in the same global scope with the
/// sandbox's limits applied per run. Host functions and <c>SUBMIT</c> are globals; <c>SUBMIT</c> stops the run by
/// throwing a host exception the code cannot catch.
/// </summary>
internal sealed class JavaScriptSession : ICodeSession
{
    private const string SubmitName = "SUBMIT";
    private readonly JavaScriptSandboxOptions _options;
    private readonly CancellationTokenSource _cancel = new();
    private readonly Engine _engine;
    private readonly ObjectInstance _helpers;
    private readonly PausableDeadline _deadline;
    private JavaScriptSandbox.OutputBuffer _output;
    private int _running;
    private bool _ended;
    private bool _disposed;

    public JavaScriptSession(JavaScriptSandboxOptions options, IEnumerable<HostFunction> functions)
    {
        _options = options;
        _output = new JavaScriptSandbox.OutputBuffer(options.MaxOutputChars);
        _deadline = new PausableDeadline(options.Timeout);
        var configure = JavaScriptSandbox.ConfigureEngine(options, _cancel.Token, timeout: false);
        _engine = new Engine(o => { configure(o); o.Constraint(_deadline); });
        var write = new ClrFunction(_engine, "write", (_, args) =>
        {
            _output.Write(args.Length > 0 && args[0] is JsString s ? s.ToString() : "", args.Length > 1 && args[1].IsBoolean() && args[1].AsBoolean());
            return JsValue.Undefined;
        });
        _helpers = _engine.Invoke(_engine.Evaluate(JavaScriptSandbox.Prelude), write, options.MaxStringLength, options.MaxPatternLength, JavaScriptTemplateGuard.TagName).AsObject();
        var names = new HashSet<string>(StringComparer.Ordinal) { SubmitName };
        foreach (var function in functions)
        {
            ArgumentNullException.ThrowIfNull(function, nameof(functions));
            if (!names.Add(function.Name))
                throw new ArgumentException(function.Name == SubmitName
                    ? $"A host function may not be called '{SubmitName}': the session defines it to end a run with a final value."
                    : $"Two host functions are called '{function.Name}'; give each a distinct name.", nameof(functions));
            _engine.SetValue(function.Name, new ClrFunction(_engine, function.Name, (_, args) => CallHost(function, args)));
        }
        _engine.SetValue(SubmitName, new ClrFunction(_engine, SubmitName, (_, args) => throw new SubmitSignal([.. args.Select(ToJson)])));
    }

    public Task<CodeExecutionResult> ExecuteAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        ObjectDisposedException.ThrowIf(_ended, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.Exchange(ref _running, 1) == 1)
            throw new InvalidOperationException("This code session is already running code; a session runs one piece of code at a time.");
        // No token for Task.Run itself: a task cancelled before it starts would never clear the running flag.
        return Task.Run(() =>
        {
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                return Execute(code, cancellationToken);
            }
            finally
            {
                Volatile.Write(ref _running, 0);
            }
        }, CancellationToken.None);
    }

    public void SetVariable(string name, object? value)
    {
        ObjectDisposedException.ThrowIf(_ended, this);
        if (!HostFunction.IsIdentifier(name ?? throw new ArgumentNullException(nameof(name))))
            throw new ArgumentException($"Variable name '{name}' is not an identifier.", nameof(name));
        if (name == SubmitName) throw new ArgumentException($"'{SubmitName}' is the session's own function; a variable may not replace it.", nameof(name));
        _engine.SetValue(name, FromClr(value));
    }

    public ValueTask DisposeAsync()
    {
        if (_disposed) return ValueTask.CompletedTask;
        _disposed = _ended = true;
        _cancel.Dispose();
        _engine.Dispose();
        return ValueTask.CompletedTask;
    }

    private CodeExecutionResult Execute(string code, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        _output = new JavaScriptSandbox.OutputBuffer(_options.MaxOutputChars);
        var output = _output;
        CodeExecutionResult Done(string? result, CodeErrorKind kind = CodeErrorKind.None, string? error = null, IReadOnlyList<JsonElement>? submitted = null) => new()
        {
            Result = result, Output = output.ToString(), Error = error, ErrorKind = kind, Submitted = submitted,
            Elapsed = clock.Elapsed, AllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore,
        };
        if (code.Length > _options.MaxCodeLength)
            return Done(null, CodeErrorKind.CodeTooLong, $"The code is {code.Length} characters long; the sandbox accepts at most {_options.MaxCodeLength}.");

        using var link = cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), _cancel);
        try
        {
            var completion = JavaScriptSandbox.Evaluate(_engine, code);
            var result = completion.IsUndefined() ? null : _engine.Invoke(_helpers.Get("show"), completion).ToString();
            return Done(result is null || result.Length <= _options.MaxOutputChars
                ? result
                : $"{result[.._options.MaxOutputChars]}… (result cut at {_options.MaxOutputChars} characters; {result.Length} in all)");
        }
        catch (SubmitSignal submit)
        {
            return Done(null, submitted: submit.Arguments);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested)
        {
            // A cancelled engine cannot be trusted to resume mid-statement: the session ends here.
            _ended = true;
            throw new OperationCanceledException("The code session was cancelled and has ended.", e, cancellationToken);
        }
        catch (Exception e)
        {
            var (kind, message) = JavaScriptSandbox.Describe(_options, e, _engine, _helpers);
            return Done(null, kind, message);
        }
    }

    private JsValue CallHost(HostFunction function, JsValue[] args)
    {
        var json = args.Select(ToJson).ToArray();
        object? result;
        _deadline.Pause();
        try
        {
            // Off the engine's thread: the host's allocations (an LM call) are not the code's, and a synchronous
            // wait on a pool thread cannot deadlock a caller's synchronization context.
            result = Task.Run(() => function.Invoke(json, _cancel.Token).AsTask()).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            var cause = e is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : e;
            throw new JavaScriptException(_engine.Intrinsics.Error, cause.Message, cause);
        }
        finally
        {
            _deadline.Resume();
        }
        return FromClr(result);
    }

    private JsonElement ToJson(JsValue value)
    {
        var text = value.IsUndefined() ? JsValue.Undefined : new Jint.Native.Json.JsonSerializer(_engine).Serialize(value);
        return JsonDocument.Parse(text.IsUndefined() ? "null" : text.ToString()).RootElement.Clone();
    }

    private JsValue FromClr(object? value) => value switch
    {
        null => JsValue.Null,
        string s => new JsString(s),
        JsonElement { ValueKind: JsonValueKind.String } e => new JsString(e.GetString()!),
        JsonElement e => new Jint.Native.Json.JsonParser(_engine).Parse(e.GetRawText()),
        _ => new Jint.Native.Json.JsonParser(_engine).Parse(Json(value)),
    };

    /// <summary>A host value as JSON text: strings, numbers, booleans, JSON elements, lists and string-keyed dictionaries.</summary>
    private static string Json(object value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) Write(writer, value);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case JsonElement e: e.WriteTo(writer); break;
            case System.Text.Json.Nodes.JsonNode n: n.WriteTo(writer); break;
            case double or float or decimal or int or long or short or byte or uint or ulong or ushort or sbyte:
                writer.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!); break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(entry.Key as string ?? Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!);
                    Write(writer, entry.Value);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items) Write(writer, item);
                writer.WriteEndArray();
                break;
            default:
                throw new NotSupportedException($"A host function returned a {value.GetType().Name}, which code cannot receive; return a string, number, bool, JsonElement, list or string-keyed dictionary.");
        }
    }

    /// <summary>SUBMIT's way out of the code: a host exception, which JavaScript <c>catch</c> does not see.</summary>
    private sealed class SubmitSignal(IReadOnlyList<JsonElement> arguments) : Exception("SUBMIT was called.")
    {
        public IReadOnlyList<JsonElement> Arguments { get; } = arguments;
    }

    /// <summary>The per-run time limit, stopped while a host function runs.</summary>
    private sealed class PausableDeadline(TimeSpan limit) : Constraint
    {
        private readonly Stopwatch _clock = new();

        public void Pause() => _clock.Stop();

        public void Resume() => _clock.Start();

        public override void Check()
        {
            if (_clock.Elapsed > limit) throw new TimeoutException();
        }

        public override void Reset() => _clock.Restart();
    }
}
