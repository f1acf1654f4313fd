using Dspy.Fluent.Internal;
using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// The one path from a predictor to the LM: format with the adapter, call the client, record history, parse, and on
/// a parse failure retry once through the adapter's fallback. Transport errors are never retried here (that is the
/// client pipeline's job).
/// </summary>
/// <remarks>A caller may parse with a looser twin of the signature it formats with (<c>parseSignature</c>): ReAct shows
/// the LM a literal list of tool names but reads any name back, so an unknown tool becomes an observation rather than
/// a parse failure.</remarks>
internal static class LMInvoker
{
    public static async ValueTask<Prediction> PredictAsync(IPredictor predictor, Signature signature, PredictorState? state,
        Example inputs, RunContext context, CancellationToken cancellationToken, Signature? parseSignature = null)
    {
        var settings = context.Settings;
        var client = settings.Client ?? throw new InvalidOperationException(
            $"No LM is configured for predictor '{predictor.Name}'. Pass settings to RunAsync (new LMSettings {{ Client = chatClient }}) " +
            "or scope a default with `using var _ = LMSettings.Use(chatClient);`.");
        var adapter = predictor.Config.Adapter ?? settings.Adapter;
        if (ObservedCall.IsObserved(settings))
            return await ObservedCall.RunAsync(settings, DspyCallKind.Predictor, predictor.Name, inputs,
                (Client: client, Adapter: adapter, Predictor: predictor, Signature: signature, Parse: parseSignature ?? signature, State: state, Inputs: inputs, Context: context),
                static (s, ct) => CallWithFallbackAsync(s.Client, s.Adapter, s.Predictor, s.Signature, s.Parse, s.State, s.State?.Demos ?? [], s.Inputs, s.Context, options: null, ct),
                cancellationToken).ConfigureAwait(false);
        return await CallWithFallbackAsync(client, adapter, predictor, signature, parseSignature ?? signature, state, state?.Demos ?? [], inputs,
            context, options: null, cancellationToken).ConfigureAwait(false);
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
        var options = settings.ChatOptions?.Clone() ?? new ChatOptions();
        if (settings.Temperature is { } t) options.Temperature = t;
        if (settings.MaxTokens is { } m) options.MaxOutputTokens = m;
        if (settings.Model is { } model) options.ModelId = model;
        options.AdditionalProperties = options.AdditionalProperties?.Clone() ?? [];
        options.AdditionalProperties[DspyChatOptions.PredictorKey] = caller;
        if (settings.RolloutId is { } rollout) options.AdditionalProperties[DspyChatOptions.RolloutIdKey] = rollout;
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

    private static async ValueTask<Prediction> CallWithFallbackAsync(IChatClient client, IAdapter adapter, IPredictor predictor, Signature signature,
        Signature parseSignature, PredictorState? state, IReadOnlyList<Example> demos, IReadOnlyDictionary<string, object?> inputs, RunContext context,
        ChatOptions? options, CancellationToken cancellationToken)
    {
        try
        {
            return await CallAsync(client, adapter, predictor, signature, parseSignature, state, demos, inputs, context, options, cancellationToken).ConfigureAwait(false);
        }
        catch (AdapterParseException first) when (first.Failure != ParseFailure.Truncated && adapter.Fallback is { } fallback)
        {
            try
            {
                return await CallAsync(client, fallback, predictor, signature, parseSignature, state, demos, inputs, context, options, cancellationToken).ConfigureAwait(false);
            }
            catch (AdapterParseException second)
            {
                // The first adapter's reason is usually the telling one ('forty-two' is not a whole number), while the
                // fallback's is often only "no JSON object"; reporting the fallback alone hid the real cause.
                throw second.After(first);
            }
        }
    }

    private static async ValueTask<Prediction> CallAsync(IChatClient client, IAdapter adapter, IPredictor predictor, Signature signature,
        Signature parseSignature, PredictorState? state, IReadOnlyList<Example> demos, IReadOnlyDictionary<string, object?> inputs, RunContext context,
        ChatOptions? requestOptions, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var observed = ObservedCall.IsObserved(settings);
        var messages = observed
            ? await ObservedCall.RunAsync(settings, DspyCallKind.AdapterFormat, adapter.Name, inputs, (Adapter: adapter, Signature: signature, Demos: demos, Inputs: inputs),
                static (s, _) => ValueTask.FromResult(s.Adapter.Format(s.Signature, s.Demos, s.Inputs)), cancellationToken).ConfigureAwait(false)
            : adapter.Format(signature, demos, inputs);
        var options = adapter.ConfigureOptions(signature, requestOptions?.Clone() ?? BuildOptions(settings, predictor, state));
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.GetTimestamp(); // a timestamp, not a Stopwatch object: one allocation less per LM call
        ChatResponse response;
        try
        {
            var stream = adapter is not (JsonAdapter or TwoStepAdapter) ? context.Stream : null;
            response = observed
                ? await ObservedSendAsync(client, messages, options, signature, predictor.Name, stream, settings, cancellationToken).ConfigureAwait(false)
                : await SendAsync(client, messages, options, signature, predictor.Name, stream, cancellationToken).ConfigureAwait(false);
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

        var reply = response.Text;
        var cacheHit = DspyChatOptions.IsCacheHit(response);
        Record(context, new LMCall
        {
            Predictor = predictor.Name, Adapter = adapter.Name, Messages = messages, Reply = reply,
            Model = response.ModelId ?? options.ModelId, FinishReason = response.FinishReason,
            Usage = cacheHit ? null : response.Usage, Temperature = options.Temperature,
            RolloutId = DspyChatOptions.GetRolloutId(options), CacheHit = cacheHit, CachedTokens = cacheHit ? DspyChatOptions.GetCachedTokens(response) : null, StartedAt = started, Duration = Stopwatch.GetElapsedTime(clock),
            Retries = DspyChatOptions.GetRetries(response),
        });
        if (adapter is TwoStepAdapter twoStep)
            return await ExtractAsync(twoStep, predictor, parseSignature, reply, response.FinishReason, context, cancellationToken).ConfigureAwait(false);
        try
        {
            var prediction = observed
                ? await ObservedCall.RunAsync(settings, DspyCallKind.AdapterParse, adapter.Name, reply, (Adapter: adapter, Signature: parseSignature, Reply: reply),
                    static (s, _) => ValueTask.FromResult(s.Adapter.Parse(s.Signature, s.Reply)), cancellationToken).ConfigureAwait(false)
                : adapter.Parse(parseSignature, reply);
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

    /// <summary>
    /// TwoStepAdapter's second stage: the extraction model reads the fields out of the main reply through ChatAdapter
    /// (and its JSON fallback), with none of the main call's settings (DSPy passes it no lm_kwargs).
    /// </summary>
    private static async ValueTask<Prediction> ExtractAsync(TwoStepAdapter twoStep, IPredictor predictor, Signature signature, string reply,
        ChatFinishReason? finishReason, RunContext context, CancellationToken cancellationToken)
    {
        var extractor = twoStep.ExtractorSignature(signature);
        var options = new ChatOptions { AdditionalProperties = new() { [DspyChatOptions.PredictorKey] = predictor.Name } };
        try
        {
            return await CallWithFallbackAsync(twoStep.ExtractionModel, twoStep.ExtractionAdapter, predictor, extractor, extractor, null, [],
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["text"] = reply }, context, options, cancellationToken).ConfigureAwait(false);
        }
        catch (AdapterParseException e)
        {
            // Quote the main LM's answer (what was to be read) and keep the extraction's own attempts as the inner exception.
            var failure = finishReason == ChatFinishReason.Length ? ParseFailure.Truncated : e.Failure;
            throw new AdapterParseException(twoStep.Name, signature, reply, e.FoundFields, failure,
                $"its extraction model could not read the fields out of the main LM's answer ({Counted.Of(e.Attempts.Count, "attempt")}, last by {e.Adapter}: {e.Detail ?? e.Failure.ToString()})", e);
        }
    }

    /// <summary>The LM request: streamed when the run streams (<paramref name="stream"/> is its sink), else one response.</summary>
    private static Task<ChatResponse> SendAsync(IChatClient client, IReadOnlyList<ChatMessage> messages, ChatOptions options, Signature signature,
        string predictor, System.Threading.Channels.ChannelWriter<FieldEvent>? stream, CancellationToken cancellationToken) =>
        stream is null
            ? client.GetResponseAsync(messages, options, cancellationToken)
            : StreamAsync(client, messages, options, signature, predictor, stream, cancellationToken);

    /// <summary><see cref="SendAsync"/> reported as an LM call (its usage and model go on the predictor span).</summary>
    private static async Task<ChatResponse> ObservedSendAsync(IChatClient client, IReadOnlyList<ChatMessage> messages, ChatOptions options, Signature signature,
        string predictor, System.Threading.Channels.ChannelWriter<FieldEvent>? stream, LMSettings settings, CancellationToken cancellationToken)
    {
        ObservedCall.TagProvider(client);
        return await ObservedCall.RunAsync(settings, DspyCallKind.LM, options.ModelId ?? ObservedCall.LMName, messages,
            (Client: client, Messages: messages, Options: options, Signature: signature, Predictor: predictor, Stream: stream),
            static (s, ct) => new ValueTask<ChatResponse>(SendAsync(s.Client, s.Messages, s.Options, s.Signature, s.Predictor, s.Stream, ct)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Calls the LM in streaming mode, forwarding each output field's text as soon as it is certain.</summary>
    private static async Task<ChatResponse> StreamAsync(IChatClient client, IReadOnlyList<ChatMessage> messages, ChatOptions options,
        Signature signature, string predictor, System.Threading.Channels.ChannelWriter<FieldEvent> sink, CancellationToken cancellationToken)
    {
        var parser = new StreamingFieldParser(signature.OutputFields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal));
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            if (update is null) throw NullUpdate(client, updates.Count + 1, options);
            updates.Add(update);
            if (update.Text is { Length: > 0 } text)
                await ForwardAsync(parser.Feed(text)).ConfigureAwait(false);
        }
        await ForwardAsync(parser.Complete()).ConfigureAwait(false);
        return updates.ToChatResponse();

        async Task ForwardAsync(List<(FieldChunk? Chunk, string? Ended)> pieces)
        {
            foreach (var (chunk, _) in pieces)
                if (chunk is { } c)
                    await sink.WriteAsync(new FieldEvent(predictor, c.Field, c.Text, Completed: false, null), cancellationToken).ConfigureAwait(false);
        }
    }

    private static ChatOptions BuildOptions(LMSettings settings, IPredictor predictor, PredictorState? state)
    {
        var config = predictor.Config;
        var options = settings.ChatOptions?.Clone() ?? new ChatOptions();
        if ((state?.Temperature ?? config.Temperature ?? settings.Temperature) is { } t) options.Temperature = t;
        if ((state?.MaxTokens ?? config.MaxTokens ?? settings.MaxTokens) is { } m) options.MaxOutputTokens = m;
        if ((state?.Model ?? config.Model ?? settings.Model) is { } model) options.ModelId = model;
        // The predictor name rides along for telemetry and error messages; like the rollout id it is a dspy.* key, which
        // the cache strips before the provider and which is never part of a cache key.
        options.AdditionalProperties = options.AdditionalProperties?.Clone() ?? [];
        options.AdditionalProperties[DspyChatOptions.PredictorKey] = predictor.Name;
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
