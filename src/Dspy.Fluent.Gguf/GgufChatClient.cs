using System.Runtime.CompilerServices;
using System.Text;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;
using LLama.Sampling;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// An <see cref="IChatClient"/> over a GGUF model loaded in-process by LLamaSharp. Each request gets a fresh context
/// (nothing carries over between requests); requests run one at a time, since each one already uses every CPU thread.
/// </summary>
/// <remarks>
/// Honours <see cref="ChatOptions.Temperature"/> (0 or less samples greedily, so replies are deterministic),
/// <see cref="ChatOptions.MaxOutputTokens"/>, <see cref="ChatOptions.Seed"/>, <see cref="ChatOptions.TopP"/>,
/// <see cref="ChatOptions.TopK"/>, penalties and <see cref="ChatOptions.StopSequences"/>. Reports token usage and
/// the finish reason (<see cref="ChatFinishReason.Length"/> when the token cap or the context ran out).
/// </remarks>
internal sealed class GgufChatClient(LLamaWeights weights, ModelParams parameters, string modelId, Uri file, GgufOptions options) : IChatClient
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ChatClientMetadata _metadata = new("llamasharp", file, modelId);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var run = new Generation();
        var text = new StringBuilder();
        await foreach (var piece in GenerateAsync(messages, options, run, cancellationToken).ConfigureAwait(false)) text.Append(piece);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text.ToString()))
        {
            ModelId = modelId, FinishReason = run.FinishReason, CreatedAt = DateTimeOffset.UtcNow, Usage = run.Usage(),
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var run = new Generation();
        var id = Guid.NewGuid().ToString("N");
        await foreach (var piece in GenerateAsync(messages, options, run, cancellationToken).ConfigureAwait(false))
            yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { MessageId = id, ModelId = modelId };
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(run.Usage())])
        {
            MessageId = id, ModelId = modelId, FinishReason = run.FinishReason,
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(ChatClientMetadata)) return _metadata;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose() => _gate.Dispose();

    private async IAsyncEnumerable<string> GenerateAsync(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions, Generation run,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var prompt = GgufPrompt.Render(weights, messages as IReadOnlyList<ChatMessage> ?? messages.ToList());
        var stops = (chatOptions?.StopSequences ?? []).Concat(prompt.ImplicitStops).Where(s => s.Length > 0).ToArray();
        var holdBack = stops.Length == 0 ? 0 : stops.Max(s => s.Length) - 1;

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var context = weights.CreateContext(parameters);
            var tokens = context.Tokenize(prompt.Text, addBos: true, special: prompt.ParseSpecialTokens);
            var contextSize = (int)context.ContextSize;
            run.InputTokens = tokens.Length;
            if (tokens.Length >= contextSize)
                throw new InvalidOperationException(
                    $"The prompt is {tokens.Length} tokens but the context of '{modelId}' holds {contextSize}. " +
                    "Shorten the prompt (fewer demos or passages) or raise GgufOptions.ContextSize.");
            var cap = Math.Min(chatOptions?.MaxOutputTokens ?? options.MaxTokens ?? int.MaxValue, contextSize - tokens.Length);

            using var sampler = CreateSampler(chatOptions);
            var batch = new LLamaBatch();
            var (result, _, position) = await context.DecodeAsync([.. tokens], LLamaSeqId.Zero, batch, 0).ConfigureAwait(false);
            if (result != DecodeResult.Ok) throw new LLamaDecodeError(result);

            var decoder = new StreamingTokenDecoder(context);
            var pending = new StringBuilder();
            run.FinishReason = ChatFinishReason.Length;
            while (run.OutputTokens < cap)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var token = sampler.Sample(context.NativeHandle, batch.TokenCount - 1);
                if (token.IsEndOfGeneration(weights.Vocab))
                {
                    run.FinishReason = ChatFinishReason.Stop;
                    break;
                }
                run.OutputTokens++;
                decoder.Add(token);
                pending.Append(decoder.Read());

                if (FirstStop(pending, stops) is var stopAt and >= 0)
                {
                    pending.Length = stopAt;
                    run.FinishReason = ChatFinishReason.Stop;
                    break;
                }
                // Hold back a possible stop sequence's prefix until it is known not to be one.
                if (pending.Length > holdBack)
                {
                    var ready = pending.ToString(0, pending.Length - holdBack);
                    pending.Remove(0, ready.Length);
                    yield return ready;
                }

                batch.Clear();
                batch.Add(token, position++, LLamaSeqId.Zero, true);
                var step = await context.DecodeAsync(batch, cancellationToken).ConfigureAwait(false);
                if (step != DecodeResult.Ok) throw new LLamaDecodeError(step);
            }
            if (pending.Length > 0) yield return pending.ToString();
        }
        finally
        {
            _gate.Release();
        }
    }

    private BaseSamplingPipeline CreateSampler(ChatOptions? chat)
    {
        var temperature = chat?.Temperature;
        if (temperature is <= 0) return new GreedySamplingPipeline();
        var defaults = new DefaultSamplingPipeline();
        return new DefaultSamplingPipeline
        {
            Temperature = temperature ?? defaults.Temperature,
            TopP = chat?.TopP ?? defaults.TopP,
            TopK = chat?.TopK ?? defaults.TopK,
            FrequencyPenalty = chat?.FrequencyPenalty ?? defaults.FrequencyPenalty,
            PresencePenalty = chat?.PresencePenalty ?? defaults.PresencePenalty,
            Seed = chat?.Seed is long seed ? unchecked((uint)seed) : options.Seed ?? (uint)Random.Shared.Next(),
        };
    }

    private static int FirstStop(StringBuilder text, string[] stops)
    {
        if (stops.Length == 0) return -1;
        var s = text.ToString();
        var first = -1;
        foreach (var stop in stops)
            if (s.IndexOf(stop, StringComparison.Ordinal) is var at and >= 0 && (first < 0 || at < first)) first = at;
        return first;
    }

    /// <summary>What one generation counted, filled in while it runs.</summary>
    private sealed class Generation
    {
        public int InputTokens { get; set; }
        public int OutputTokens { get; set; }
        public ChatFinishReason FinishReason { get; set; } = ChatFinishReason.Stop;
        public UsageDetails Usage() => new() { InputTokenCount = InputTokens, OutputTokenCount = OutputTokens, TotalTokenCount = InputTokens + OutputTokens };
    }
}
