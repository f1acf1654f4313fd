using Dspy.Fluent.Internal;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// The one path from a predictor to the LM: format with the adapter, call the client (streamed through the adapter's
/// own reader when the run streams), record history, read the reply through the adapter, and on a parse failure retry
/// once through the adapter's fallback. It knows adapters only through <see cref="IAdapter"/>. Transport errors are
/// never retried here (that is the client pipeline's job).
/// </summary>
/// <remarks>A caller may parse with a looser twin of the signature it formats with (<c>parseSignature</c>): ReAct shows
/// the LM a literal list of tool names but reads any name back, so an unknown tool becomes an observation rather than
/// a parse failure.</remarks>
internal static class LMInvoker
{
    public static async ValueTask<Prediction> PredictAsync(IPredictor predictor, Signature signature, PredictorState? state,
        Example inputs, RunContext context, CancellationToken cancellationToken, Signature? parseSignature = null, NativeTools? tools = null)
    {
        var settings = context.Settings;
        var client = settings.Client ?? throw new InvalidOperationException(
            $"No LM is configured for predictor '{predictor.Name}'. Pass settings to RunAsync (new LMSettings {{ Client = chatClient }}) " +
            "or scope a default with `using var _ = LMSettings.Use(chatClient);`.");
        var request = new LMRequest(client, predictor.Config.Adapter ?? settings.Adapter, predictor, signature, parseSignature ?? signature, state,
            state?.Demos ?? [], inputs, context, Options: null, tools);
        if (ObservedCall.IsObserved(settings))
            return await ObservedCall.RunAsync(settings, DspyCallKind.Predictor, predictor.Name, inputs, request,
                static (r, ct) => CallWithFallbackAsync(r, ct), cancellationToken).ConfigureAwait(false);
        return await CallWithFallbackAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An adapter's follow-up call (<see cref="AdapterReply.AskAsync"/>): no demos, none of the main call's
    /// settings, not streamed, recorded under the same predictor.</summary>
    internal static async ValueTask<Prediction> FollowUpAsync(IPredictor predictor, RunContext context, IChatClient client, IAdapter adapter, Signature signature,
        IReadOnlyDictionary<string, object?> inputs, CancellationToken cancellationToken)
    {
        var options = new ChatOptions { AdditionalProperties = new() { [DspyChatOptions.PredictorKey] = predictor.Name } };
        return await CallWithFallbackAsync(new LMRequest(client, adapter, predictor, signature, signature, State: null, Demos: [], inputs,
            context.WithoutStream(), options), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A plain prompt sent as one user message with no adapter, as DSPy's <c>lm(prompt)</c> (RLM's <c>llm_query</c>):
    /// through the same client pipeline (cache, usage, retries), recorded in the run's LM history under
    /// <paramref name="caller"/>, observed as an LM call, and cancelled with the run.
    /// </summary>
    public static async ValueTask<string> CompleteAsync(string caller, string prompt, IChatClient? client, RunContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        client ??= settings.Client ?? throw new InvalidOperationException(
            $"No LM is configured for '{caller}'. Pass settings to RunAsync (new LMSettings {{ Client = chatClient }}) or give the module its own sub-LM.");
        var messages = new List<ChatMessage> { new(ChatRole.User, prompt) };
        var options = BuildOptions(settings, config: null, state: null, caller);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.GetTimestamp();
        ChatResponse response;
        try
        {
            if (ObservedCall.IsObserved(settings))
            {
                ObservedCall.TagProvider(client);
                response = await ObservedCall.RunAsync(settings, DspyCallKind.LM, options.ModelId ?? ObservedCall.LMName, (IReadOnlyList<ChatMessage>)messages,
                    (Client: client, Messages: messages, Options: options),
                    static (s, ct) => new ValueTask<ChatResponse>(s.Client.GetResponseAsync(s.Messages, s.Options, ct)), cancellationToken).ConfigureAwait(false);
            }
            else response = await client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var redactor = SecretRedactor.For(client);
            Record(context, new LMCall
            {
                Predictor = caller, Adapter = "none", Messages = messages, Model = options.ModelId, Temperature = options.Temperature,
                RolloutId = DspyChatOptions.GetRolloutId(options), StartedAt = started, Duration = Stopwatch.GetElapsedTime(clock),
                Error = redactor.Redact(e.Message), Retries = e is LMCallFailedException failed ? failed.Retries : [],
            });
            if (SecretSafeExceptions.StandIn(e, redactor, "reported by the LM client") is { } safe) throw safe;
            throw;
        }
        if (response is null)
            throw new InvalidOperationException($"The chat client {Describe(client)} returned no response (null instead of a ChatResponse) to the call from '{caller}'.");
        var cacheHit = DspyChatOptions.IsCacheHit(response);
        Record(context, new LMCall
        {
            Predictor = caller, Adapter = "none", Messages = messages, Reply = response.Text,
            Model = response.ModelId ?? options.ModelId, FinishReason = response.FinishReason,
            Usage = cacheHit ? null : response.Usage, Temperature = options.Temperature,
            RolloutId = DspyChatOptions.GetRolloutId(options), CacheHit = cacheHit, CachedTokens = cacheHit ? DspyChatOptions.GetCachedTokens(response) : null,
            StartedAt = started, Duration = Stopwatch.GetElapsedTime(clock), Retries = DspyChatOptions.GetRetries(response),
        });
        return response.Text;
    }

    private static async ValueTask<Prediction> CallWithFallbackAsync(LMRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AdapterParseException first) when (first.Failure != ParseFailure.Truncated && request.Adapter.Fallback is { } fallback)
        {
            try
            {
                return await CallAsync(request with { Adapter = fallback }, cancellationToken).ConfigureAwait(false);
            }
            catch (AdapterParseException second)
            {
                // The first adapter's reason is usually the telling one ('forty-two' is not a whole number), while the
                // fallback's is often only "no JSON object"; reporting the fallback alone hid the real cause.
                throw second.After(first);
            }
        }
    }

    private static async ValueTask<Prediction> CallAsync(LMRequest request, CancellationToken cancellationToken)
    {
        var (client, adapter, predictor, signature, parseSignature, state, demos, inputs, context, requestOptions, tools) = request;
        if (tools is null && NativeToolFields.Plan(adapter, signature, inputs) is { } plan)
        {
            // The adapter's native function calling (DSPy's _call_preprocess): tools as declarations, both fields out of the prompt.
            (signature, inputs, tools) = plan;
            parseSignature = NativeToolFields.Strip(parseSignature, tools.CallsField);
        }
        var settings = context.Settings;
        var observed = ObservedCall.IsObserved(settings);
        var options = requestOptions?.Clone() ?? BuildOptions(settings, predictor, state);
        // Reasoning outputs the model produces natively are not asked for in the prompt (and put back after the parse).
        // So are citations a provider returns natively (DSPy: Anthropic's), filled from the reply's annotations.
        var reasoned = NativeReasoning.ToSend(signature, options);
        var nativeReasoning = !ReferenceEquals(reasoned, signature);
        var sent = NativeCitations.ToSend(reasoned, client);
        var nativeCitations = !ReferenceEquals(sent, reasoned);
        var read = ReferenceEquals(sent, signature) ? parseSignature : NativeCitations.ToSend(NativeReasoning.ToSend(parseSignature, options), client);
        var messages = observed
            ? await ObservedCall.RunAsync(settings, DspyCallKind.AdapterFormat, adapter.Name, inputs, (Adapter: adapter, Signature: sent, Demos: demos, Inputs: inputs),
                static (s, _) => ValueTask.FromResult(s.Adapter.Format(s.Signature, s.Demos, s.Inputs)), cancellationToken).ConfigureAwait(false)
            : adapter.Format(sent, demos, inputs);
        options = adapter.ConfigureOptions(sent, options);
        if (tools is not null) options.Tools = [.. options.Tools ?? [], .. tools.Declarations];
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.GetTimestamp(); // a timestamp, not a Stopwatch object: one allocation less per LM call
        ChatResponse response;
        try
        {
            var send = new LMSend(client, messages, options, predictor.Name,
                context.Stream is { } sink && adapter.CreateStreamReader(sent) is { } reader ? (reader, sink) : null);
            response = observed
                ? await ObservedSendAsync(send, settings, cancellationToken).ConfigureAwait(false)
                : await SendAsync(send, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var redactor = SecretRedactor.For(client);
            Record(context, new LMCall
            {
                Predictor = predictor.Name, Adapter = adapter.Name, Messages = messages, Model = options.ModelId,
                Temperature = options.Temperature, RolloutId = DspyChatOptions.GetRolloutId(options),
                StartedAt = started, Duration = Stopwatch.GetElapsedTime(clock), Error = redactor.Redact(e.Message), // history is often printed and saved
                Retries = e is LMCallFailedException failed ? failed.Retries : [],
            });
            // A provider's error can echo the key (401 bodies do); no middleware may have masked it, and from here it
            // reaches the caller, evaluation rows and reports.
            if (SecretSafeExceptions.StandIn(e, redactor, "reported by the LM client") is { } safe) throw safe;
            throw;
        }

        if (response is null)
        {
            // A client that returns null broke the IChatClient contract; without this check the user got a bare
            // NullReferenceException from our code with no hint of which client or call was at fault.
            var error = $"The chat client {Describe(client)} returned no response (null instead of a ChatResponse) to the call from predictor " +
                        $"'{predictor.Name}'{(options.ModelId is { } m ? $" for model '{m}'" : "")} through {adapter.Name}. " +
                        "An IChatClient must return a ChatResponse or throw; check that client and any middleware wrapped around it.";
            Record(context, new LMCall
            {
                Predictor = predictor.Name, Adapter = adapter.Name, Messages = messages, Model = options.ModelId,
                Temperature = options.Temperature, RolloutId = DspyChatOptions.GetRolloutId(options),
                StartedAt = started, Duration = Stopwatch.GetElapsedTime(clock), Error = error,
            });
            throw new InvalidOperationException(error);
        }

        var text = response.Text;
        var cacheHit = DspyChatOptions.IsCacheHit(response);
        Record(context, new LMCall
        {
            Predictor = predictor.Name, Adapter = adapter.Name, Messages = messages, Reply = text,
            Model = response.ModelId ?? options.ModelId, FinishReason = response.FinishReason,
            Usage = cacheHit ? null : response.Usage, Temperature = options.Temperature,
            RolloutId = DspyChatOptions.GetRolloutId(options), CacheHit = cacheHit, CachedTokens = cacheHit ? DspyChatOptions.GetCachedTokens(response) : null, StartedAt = started, Duration = Stopwatch.GetElapsedTime(clock),
            Retries = DspyChatOptions.GetRetries(response),
        });
        var reply = new AdapterReply(read, text, response.FinishReason, predictor, context);
        var calls = tools is null ? [] : response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToArray();
        try
        {
            Prediction prediction;
            try
            {
                prediction = observed
                    ? await ObservedCall.RunAsync(settings, DspyCallKind.AdapterParse, adapter.Name, text, (Adapter: adapter, Reply: reply),
                        static (s, ct) => s.Adapter.ReadReplyAsync(s.Reply, ct), cancellationToken).ConfigureAwait(false)
                    : await adapter.ReadReplyAsync(reply, cancellationToken).ConfigureAwait(false);
            }
            catch (AdapterParseException) when (calls.Length > 0)
            {
                // As DSPy's adapters: with native tool calls in the reply, text that does not parse is dropped, not an error.
                prediction = Prediction.Empty;
            }
            if (nativeReasoning) prediction = NativeReasoning.Fill(prediction, parseSignature, response);
            prediction = NativeCitations.Fill(prediction, parseSignature, response, nativeCitations);
            if (tools is { AsToolCalls: true }) prediction = prediction.With(tools.CallsField, calls.Length == 0 ? null : ToolCalls.FromFunctionCalls(calls));
            else if (tools is not null) prediction = prediction.With(tools.CallsField, (IReadOnlyList<FunctionCallContent>)calls);
            if (context.Stream is { } sink)
                foreach (var (field, value) in prediction)
                    await sink.WriteAsync(new FieldEvent(predictor.Name, field, "", Completed: true, value), cancellationToken).ConfigureAwait(false);
            return prediction;
        }
        catch (AdapterParseException e) when (response.FinishReason == ChatFinishReason.Length && e.Failure != ParseFailure.Truncated)
        {
            throw e.WithFailure(ParseFailure.Truncated, $"finish reason 'length' with max tokens {options.MaxOutputTokens?.ToString() ?? "(provider default)"}");
        }
    }

    /// <summary>The LM request: streamed when the run streams and the adapter can read a stream, else one response.</summary>
    private static Task<ChatResponse> SendAsync(LMSend send, CancellationToken cancellationToken) =>
        send.Streaming is { } streaming
            ? StreamAsync(send, streaming.Reader, streaming.Sink, cancellationToken)
            : send.Client.GetResponseAsync(send.Messages, send.Options, cancellationToken);

    /// <summary><see cref="SendAsync"/> reported as an LM call (its usage and model go on the predictor span).</summary>
    private static async Task<ChatResponse> ObservedSendAsync(LMSend send, LMSettings settings, CancellationToken cancellationToken)
    {
        ObservedCall.TagProvider(send.Client);
        return await ObservedCall.RunAsync(settings, DspyCallKind.LM, send.Options.ModelId ?? ObservedCall.LMName, send.Messages, send,
            static (s, ct) => new ValueTask<ChatResponse>(SendAsync(s, ct)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Calls the LM in streaming mode, forwarding each output field's text as soon as the adapter's reader is sure of it.</summary>
    private static async Task<ChatResponse> StreamAsync(LMSend send, IFieldStreamReader reader, ChannelWriter<FieldEvent> sink, CancellationToken cancellationToken)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in send.Client.GetStreamingResponseAsync(send.Messages, send.Options, cancellationToken).ConfigureAwait(false))
        {
            if (update is null) throw NullUpdate(send.Client, updates.Count + 1, send.Options);
            updates.Add(update);
            if (update.Text is { Length: > 0 } text)
                await ForwardAsync(reader.Read(text)).ConfigureAwait(false);
        }
        await ForwardAsync(reader.Complete()).ConfigureAwait(false);
        return updates.ToChatResponse();

        async Task ForwardAsync(IReadOnlyList<FieldChunk> chunks)
        {
            foreach (var chunk in chunks)
                await sink.WriteAsync(new FieldEvent(send.Predictor, chunk.Field, chunk.Text, Completed: false, null), cancellationToken).ConfigureAwait(false);
        }
    }

    private static ChatOptions BuildOptions(LMSettings settings, IPredictor predictor, PredictorState? state) =>
        BuildOptions(settings, predictor.Config, state, predictor.Name);

    /// <summary>The request options of a call by <paramref name="caller"/>: the settings', overridden by the predictor's
    /// config and then its state (either may be null, as for a sub-LM prompt).</summary>
    private static ChatOptions BuildOptions(LMSettings settings, PredictorConfig? config, PredictorState? state, string caller)
    {
        var options = settings.ChatOptions?.Clone() ?? new ChatOptions();
        if ((state?.Temperature ?? config?.Temperature ?? settings.Temperature) is { } t) options.Temperature = t;
        if ((state?.MaxTokens ?? config?.MaxTokens ?? settings.MaxTokens) is { } m) options.MaxOutputTokens = m;
        if ((state?.Model ?? config?.Model ?? settings.Model) is { } model) options.ModelId = model;
        // The caller's name rides along for telemetry and error messages; like the rollout id it is a dspy.* key, which
        // the cache strips before the provider and which is never part of a cache key.
        options.AdditionalProperties = options.AdditionalProperties?.Clone() ?? [];
        options.AdditionalProperties[DspyChatOptions.PredictorKey] = caller;
        if (settings.RolloutId is { } rollout) options.AdditionalProperties[DspyChatOptions.RolloutIdKey] = rollout;
        return options;
    }

    /// <summary>
    /// The error for a null streaming update. Like a null ChatResponse it breaks the contract, and M.E.AI's own
    /// <c>ToChatResponse</c> (and its OpenTelemetry client, which calls it) fails on one with a NullReferenceException,
    /// so this says which client and call it was. Thrown here and by our telemetry middleware, which sits inside
    /// M.E.AI's and must stop the null before that client sees it.
    /// </summary>
    internal static InvalidOperationException NullUpdate(IChatClient client, int position, ChatOptions? options) => new(
        $"The chat client {Describe(client)} broke the IChatClient contract: update {position} of its stream was null (a ChatResponseUpdate was expected) " +
        $"in the streaming call from predictor '{DspyChatOptions.GetPredictor(options) ?? "?"}'{(options?.ModelId is { } m ? $" for model '{m}'" : "")}. " +
        "Check that client and any middleware wrapped around it.");

    /// <summary>The client's type and, when it says, its provider and default model, for errors that must name the client.</summary>
    private static string Describe(IChatClient client)
    {
        var metadata = client.GetService(typeof(ChatClientMetadata)) as ChatClientMetadata;
        var parts = new[] { metadata?.ProviderName, metadata?.DefaultModelId is { } id ? $"model '{id}'" : null }.OfType<string>().ToArray();
        return parts.Length == 0 ? client.GetType().Name : $"{client.GetType().Name} ({string.Join(", ", parts)})";
    }

    private static void Record(RunContext context, LMCall call)
    {
        context.Recorder.History.Add(call);
        context.Settings.History?.Add(call);
    }
}
