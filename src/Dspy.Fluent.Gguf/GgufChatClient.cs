using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text;
using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;
using LLama.Sampling;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// An <see cref="IChatClient"/> over a GGUF model loaded in-process by LLamaSharp. Concurrent requests share one context
/// and are decoded together (continuous batching, <see cref="GgufBatch"/>); prompts that start like an earlier one
/// continue from its cached KV state (<see cref="GgufPrefixCache"/>).
/// </summary>
/// <remarks>
/// Honours <see cref="ChatOptions.Temperature"/> (0 or less samples greedily, so replies are deterministic, alone or in
/// a batch), <see cref="ChatOptions.MaxOutputTokens"/>, <see cref="ChatOptions.Seed"/>, <see cref="ChatOptions.TopP"/>,
/// <see cref="ChatOptions.TopK"/>, penalties and <see cref="ChatOptions.StopSequences"/>, all per request. Reports token
/// usage (with the prefill split in <see cref="UsageDetails.AdditionalCounts"/>) and the finish reason
/// (<see cref="ChatFinishReason.Length"/> when the token cap or the context ran out).
/// </remarks>
internal sealed class GgufChatClient : IChatClient
{
    private readonly LLamaWeights _weights;
    private readonly string _modelId;
    private readonly int _contextSize;
    private readonly GgufOptions _options;
    private readonly ChatClientMetadata _metadata;

    public GgufChatClient(LLamaWeights weights, ModelParams parameters, int contextSize, string modelId, Uri file, GgufOptions options)
    {
        (_weights, _contextSize, _modelId, _options) = (weights, contextSize, modelId, options);
        _metadata = new ChatClientMetadata("llamasharp", file, modelId);
        var sequences = options.MaxBatchSequences ?? DefaultBatchSequences;
        var cacheTokens = options.PrefixCacheTokens ?? contextSize;
        // One sequence per running request, as many again for cached prefixes; the KV cache is shared by all of them
        // (unified), sized so every request can fill its own context while the prefix cache is full.
        parameters.SeqMax = (uint)(sequences * 2);
        parameters.KVUnified = true;
        parameters.ContextSize = (uint)(contextSize * sequences + cacheTokens);
        parameters.BatchSize = (uint)Math.Min(parameters.ContextSize.Value, 512);
        Batch = new GgufBatch(weights, parameters, sequences, cacheTokens, modelId);
    }

    internal const int DefaultBatchSequences = 4;

    /// <summary>The running batch, for tests that check overlap and the prefix cache.</summary>
    internal GgufBatch Batch { get; }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = Enqueue(messages, options, cancellationToken, out var stop);
        var text = new StringBuilder();
        try
        {
            await foreach (var piece in request.Output.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false)) text.Append(piece);
        }
        finally
        {
            stop.Cancel();
            stop.Dispose();
        }
        ThrowIfFailed(request);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text.ToString()))
        {
            ModelId = _modelId, FinishReason = request.FinishReason, CreatedAt = DateTimeOffset.UtcNow, Usage = request.Usage(),
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = Enqueue(messages, options, cancellationToken, out var stop);
        var id = Guid.NewGuid().ToString("N");
        try
        {
            await foreach (var piece in request.Output.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { MessageId = id, ModelId = _modelId };
        }
        finally
        {
            // Also reached when the caller stops enumerating early: the batch then drops the request at its next step.
            stop.Cancel();
            stop.Dispose();
        }
        ThrowIfFailed(request);
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(request.Usage())])
        {
            MessageId = id, ModelId = _modelId, FinishReason = request.FinishReason,
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(ChatClientMetadata)) return _metadata;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose() => Batch.Dispose();

    private GgufRequest Enqueue(IEnumerable<ChatMessage> messages, ChatOptions? chatOptions, CancellationToken cancellationToken, out CancellationTokenSource stop)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var prompt = GgufPrompt.Render(_weights, messages as IReadOnlyList<ChatMessage> ?? messages.ToList());
        var stops = (chatOptions?.StopSequences ?? []).Concat(prompt.ImplicitStops).Where(s => s.Length > 0).ToArray();
        var tokens = _weights.Tokenize(prompt.Text, add_bos: true, special: prompt.ParseSpecialTokens, Encoding.UTF8);
        if (tokens.Length >= _contextSize)
            throw new InvalidOperationException(
                $"The prompt is {tokens.Length} tokens but the context of '{_modelId}' holds {_contextSize}. " +
                "Shorten the prompt (fewer demos or passages) or raise GgufOptions.ContextSize.");
        var cap = Math.Min(chatOptions?.MaxOutputTokens ?? _options.MaxTokens ?? int.MaxValue, _contextSize - tokens.Length);

        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var request = new GgufRequest(tokens, CreateSampler(chatOptions), cap, stops, stop.Token);
        Batch.Submit(request);
        return request;
    }

    private static void ThrowIfFailed(GgufRequest request)
    {
        if (request.Error is { } error) ExceptionDispatchInfo.Throw(error);
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
            Seed = chat?.Seed is long seed ? unchecked((uint)seed) : _options.Seed ?? (uint)Random.Shared.Next(),
        };
    }
}
