using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// The one dispatcher of callbacks and spans: runs a call inside a span of <see cref="DspyTelemetry.SourceName"/> (when
/// someone listens) and tells the run's callbacks (when there are any) that it started and ended.
/// </summary>
/// <remarks>Callers test <see cref="IsObserved"/> first and call the work directly when it is false, so an unobserved run
/// pays one check per call and allocates nothing; the observed path lives in a separate method so that its lambda's
/// closure is not allocated on the fast path.</remarks>
internal static class ObservedCall
{
    internal static readonly ActivitySource Source = new(DspyTelemetry.SourceName, typeof(ObservedCall).Assembly.GetName().Version?.ToString());

    // DSPy's ACTIVE_CALL_ID: the call a new one starts inside, for DspyCallStart.ParentCallId.
    private static readonly AsyncLocal<string?> CurrentCallId = new();

    public static bool IsObserved(LMSettings settings) => settings.Callbacks.Count > 0 || Source.HasListeners();

    /// <summary>Runs <paramref name="body"/> as a call of <paramref name="kind"/>, observed by the spans and callbacks of <paramref name="settings"/>.</summary>
    public static async ValueTask<TOutput> RunAsync<TState, TInput, TOutput>(LMSettings settings, DspyCallKind kind, string name, TInput input,
        TState state, Func<TState, CancellationToken, ValueTask<TOutput>> body, CancellationToken cancellationToken)
    {
        var callbacks = settings.Callbacks;
        // The LM call's span is M.E.AI's (UseDspyOpenTelemetry); ours would only duplicate it.
        using var span = kind == DspyCallKind.LM ? null : Source.StartActivity(SpanName(kind, name));
        if (span is not null) Tag(span, settings, kind, name, input, start: true);
        DspyCallStart? start = null;
        var parentId = CurrentCallId.Value;
        if (callbacks.Count > 0)
        {
            start = new DspyCallStart(Guid.NewGuid().ToString("N"), parentId, kind, name, input);
            foreach (var callback in callbacks)
                await Notify(callback, start, end: null, cancellationToken).ConfigureAwait(false);
            // Set after the start handlers, as DSPy does: they run in the parent's context.
            CurrentCallId.Value = start.CallId;
        }
        var clock = Stopwatch.GetTimestamp();
        TOutput output;
        try
        {
            output = await body(state, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            CurrentCallId.Value = parentId;
            if (span is not null) Fail(span, settings, e);
            if (start is not null) await EndAsync(callbacks, new DspyCallEnd(start, null, e, Stopwatch.GetElapsedTime(clock)), cancellationToken).ConfigureAwait(false);
            throw;
        }
        CurrentCallId.Value = parentId;
        if (span is not null) Tag(span, settings, kind, name, output, start: false);
        else if (kind == DspyCallKind.LM && output is ChatResponse response) TagLMCall(Activity.Current, name, response);
        if (start is not null) await EndAsync(callbacks, new DspyCallEnd(start, output, null, Stopwatch.GetElapsedTime(clock)), cancellationToken).ConfigureAwait(false);
        return output;
    }

    private static async ValueTask EndAsync(IReadOnlyList<IDspyCallback> callbacks, DspyCallEnd end, CancellationToken cancellationToken)
    {
        foreach (var callback in callbacks)
            await Notify(callback, start: null, end, cancellationToken).ConfigureAwait(false);
    }

    private static async Task Notify(IDspyCallback callback, DspyCallStart? start, DspyCallEnd? end, CancellationToken cancellationToken)
    {
        try
        {
            await (start is not null ? callback.OnStartAsync(start, cancellationToken) : callback.OnEndAsync(end!, cancellationToken)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // As DSPy (which logs a warning): a failing observer must not fail the run it observes.
            Activity.Current?.AddEvent(new ActivityEvent("dspy.callback.error", tags: new ActivityTagsCollection
            {
                ["dspy.callback"] = callback.GetType().FullName,
                ["exception.type"] = e.GetType().FullName,
                ["exception.message"] = e.Message,
            }));
        }
    }

    private static string SpanName(DspyCallKind kind, string name) => kind switch
    {
        DspyCallKind.Run => $"dspy.run {name}",
        DspyCallKind.Module => $"dspy.module {name}",
        DspyCallKind.Predictor => $"dspy.predictor {name}",
        DspyCallKind.AdapterFormat => $"dspy.adapter.format {name}",
        DspyCallKind.AdapterParse => $"dspy.adapter.parse {name}",
        DspyCallKind.Tool => $"execute_tool {name}",
        DspyCallKind.Compile => $"dspy.compile {name}",
        DspyCallKind.Trial => $"dspy.trial {name}",
        DspyCallKind.InterpreterStartup => $"dspy.interpreter.startup {name}",
        DspyCallKind.InterpreterExecute => $"dspy.interpreter.execute {name}",
        DspyCallKind.InterpreterToolCall => $"dspy.interpreter.tool_call {name}",
        _ => $"dspy.evaluate {name}",
    };

    private static void Tag(Activity span, LMSettings settings, DspyCallKind kind, string name, object? value, bool start)
    {
        if (start)
        {
            switch (kind)
            {
                case DspyCallKind.Run: span.SetTag("dspy.program", name); break;
                case DspyCallKind.Module: span.SetTag("dspy.module", name); break;
                case DspyCallKind.Predictor: span.SetTag("dspy.predictor", name); break;
                case DspyCallKind.AdapterFormat or DspyCallKind.AdapterParse: span.SetTag("dspy.adapter", name); break;
                case DspyCallKind.Tool:
                    span.SetTag("gen_ai.operation.name", "execute_tool");
                    span.SetTag("gen_ai.tool.name", name);
                    span.SetTag("gen_ai.tool.type", "function");
                    break;
                case DspyCallKind.Evaluate: span.SetTag("dspy.program", name); break;
                case DspyCallKind.Compile: span.SetTag("dspy.optimizer", name); break;
                case DspyCallKind.InterpreterStartup or DspyCallKind.InterpreterExecute: span.SetTag("dspy.interpreter.language", name); break;
                case DspyCallKind.InterpreterToolCall: span.SetTag("dspy.interpreter.function", name); break;
            }
            if (kind is DspyCallKind.Compile or DspyCallKind.Trial && value is System.Collections.ICollection examples) span.SetTag("dspy.examples", examples.Count);
        }
        else if (kind is DspyCallKind.Compile or DspyCallKind.Trial) TagScore(span, value);
        if (!settings.RecordInputsAndOutputs || !span.IsAllDataRequested) return;
        var key = (kind, start) switch
        {
            (DspyCallKind.Tool, true) => "gen_ai.tool.call.arguments",
            (DspyCallKind.Tool, false) => "gen_ai.tool.call.result",
            (_, true) => "dspy.input",
            _ => "dspy.output",
        };
        span.SetTag(key, SecretRedactor.For(settings.Client).Redact(Render(value)));
    }

    /// <summary>A compile's best score, or a trial's mean score and failures (runs without a score), as span tags.</summary>
    private static void TagScore(Activity span, object? outcome)
    {
        switch (outcome)
        {
            case ICompileOutcome { Report.Score: { } best }:
                span.SetTag("dspy.score", best);
                break;
            case EvaluationResult evaluation:
                span.SetTag("dspy.score", evaluation.Score);
                span.SetTag("dspy.failures", evaluation.ErrorCount);
                break;
            case IReadOnlyCollection<IScoredRun> runs:
                var scores = runs.Where(r => r.Score is not null).Select(r => r.Score!.Score).ToList();
                if (scores.Count > 0) span.SetTag("dspy.score", scores.Average());
                span.SetTag("dspy.failures", runs.Count - scores.Count);
                break;
        }
    }

    /// <summary>The GenAI attributes of an LM call, added to the predictor span it belongs to (usage summed over its calls).</summary>
    private static void TagLMCall(Activity? span, string model, ChatResponse response)
    {
        if (span is null || span.Source != Source || span.GetTagItem("dspy.predictor") is null) return;
        if (model != LMName) span.SetTag("gen_ai.request.model", model);
        if (response.ModelId is { } responseModel) span.SetTag("gen_ai.response.model", responseModel);
        if (DspyChatOptions.IsCacheHit(response) || response.Usage is not { } usage) return;
        Add("gen_ai.usage.input_tokens", usage.InputTokenCount);
        Add("gen_ai.usage.output_tokens", usage.OutputTokenCount);

        void Add(string key, long? tokens)
        {
            if (tokens is not { } count) return;
            span.SetTag(key, (span.GetTagItem(key) is long sum ? sum : 0) + count);
        }
    }

    /// <summary>The name of an LM call whose model is the client's default.</summary>
    public const string LMName = "lm";

    /// <summary>Tags the predictor span (the current one) with the provider of the client it calls.</summary>
    public static void TagProvider(IChatClient client)
    {
        if (Activity.Current is not { } span || span.Source != Source || !span.IsAllDataRequested) return;
        if (client.GetService(typeof(ChatClientMetadata)) is ChatClientMetadata { ProviderName: { } provider }) span.SetTag("gen_ai.provider.name", provider);
    }

    private static void Fail(Activity span, LMSettings settings, Exception error)
    {
        var redactor = SecretRedactor.For(settings.Client);
        var message = redactor.Redact(error.Message);
        span.SetStatus(ActivityStatusCode.Error, message);
        span.SetTag("error.type", error.GetType().FullName);
        span.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection
        {
            ["exception.type"] = error.GetType().FullName,
            ["exception.message"] = message,
            ["exception.stacktrace"] = redactor.Redact(error.ToString()),
        }));
    }

    private static string? Render(object? value) => value switch
    {
        null => null,
        string text => text,
        IEnumerable<ChatMessage> messages => string.Join("\n", messages.Select(m => $"{m.Role}: {m.Text}")),
        ChatResponse response => response.Text,
        _ => value.ToString(),
    };
}
