using System.Diagnostics;
using System.Threading.Channels;
using LLama;
using LLama.Batched;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Continuous batching over one shared llama.cpp context: a single loop owns the <see cref="BatchedExecutor"/>, admits
/// waiting requests whenever a sequence is free, evaluates one step for every running request in a single decode, then
/// samples each with its own sampler. Long prompts are split across decodes by the executor, so a request that is still
/// prefilling never holds back the others for more than one batch.
/// </summary>
/// <remarks>
/// Requests never share a sequence; they share only the prefix cache's KV cells (a fork), which llama.cpp keeps per
/// cell, so one request's tokens never change another's. The context is sized so that every running request can reach
/// its own context size while the prefix cache is full, which is why admission needs no KV accounting of its own.
/// </remarks>
internal sealed class GgufBatch : IDisposable
{
    private readonly LLamaWeights _weights;
    private readonly ModelParams _parameters;
    private readonly int _maxSequences;
    private readonly int _cacheTokens;
    private readonly TagList _tags;
    private readonly Channel<GgufRequest> _incoming = Channel.CreateUnbounded<GgufRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Queue<GgufRequest> _waiting = new();
    private readonly List<GgufRequest> _running = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private BatchedExecutor _executor;
    private GgufPrefixCache _cache;
    private TaskCompletionSource? _hold;
    private int _maxInFlight;
    private int _disposed;
    private long _decodes;

    public GgufBatch(LLamaWeights weights, ModelParams parameters, int maxSequences, int cacheTokens, string modelId)
    {
        (_weights, _parameters, _maxSequences, _cacheTokens, _tags) = (weights, parameters, maxSequences, cacheTokens, GgufTelemetry.Tags(modelId));
        (_executor, _cache) = Start();
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The most requests that were ever decoded in one step (tests read it to see that requests overlapped).</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Decode steps run so far.</summary>
    public long Decodes => Interlocked.Read(ref _decodes);

    /// <summary>Tokens the prefix cache holds now; never more than its budget.</summary>
    public int CachedTokens { get; private set; }

    /// <summary>
    /// Keeps the loop from admitting requests until the returned handle is disposed, so a test can queue several and
    /// know they start together (instead of hoping they arrive in time).
    /// </summary>
    internal IDisposable HoldAdmission()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _hold, hold);
        return new Handle(() =>
        {
            Volatile.Write(ref _hold, null);
            hold.TrySetResult();
        });
    }

    /// <summary>Hands a request to the loop; its output completes with an error if the batch is already shut down.</summary>
    public void Submit(GgufRequest request)
    {
        if (!_incoming.Writer.TryWrite(request)) request.Fail(new ObjectDisposedException(nameof(GgufChatClient)));
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _incoming.Writer.TryComplete();
        _stop.Cancel();
        try
        {
            _loop.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private (BatchedExecutor, GgufPrefixCache) Start() =>
        (new BatchedExecutor(_weights, _parameters), new GgufPrefixCache(_cacheTokens, (int)_parameters.SeqMax - _maxSequences));

    private async Task RunAsync()
    {
        try
        {
            while (true)
            {
                while (_incoming.Reader.TryRead(out var request)) _waiting.Enqueue(request);
                if (_running.Count == 0 && _waiting.Count == 0)
                {
                    if (!await _incoming.Reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false)) break;
                    continue;
                }
                if (Volatile.Read(ref _hold) is { } hold) await hold.Task.WaitAsync(_stop.Token).ConfigureAwait(false);
                while (_incoming.Reader.TryRead(out var request)) _waiting.Enqueue(request);
                Admit();
                if (_executor.BatchedTokenCount > 0) await DecodeAsync().ConfigureAwait(false);
                Sample();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            Reset(new ObjectDisposedException(nameof(GgufChatClient)));
            _cache.Dispose();
            _executor.Dispose();
        }
    }

    /// <summary>Starts waiting requests while sequences are free, each from the longest cached prefix of its prompt.</summary>
    private void Admit()
    {
        while (_running.Count < _maxSequences && _waiting.TryDequeue(out var request))
        {
            if (request.CancellationToken.IsCancellationRequested)
            {
                request.Fail(new OperationCanceledException(request.CancellationToken));
                continue;
            }
            if (request.Cap <= 0)
            {
                request.Complete(ChatFinishReason.Length);
                continue;
            }
            var fork = _cache.Enabled ? _cache.Fork(request.Prompt) : null;
            var conversation = fork?.Conversation ?? _executor.Create();
            request.ReusedTokens = fork?.Reused ?? 0;
            request.Conversation = conversation;
            request.Decoder = new StreamingTokenDecoder(_executor.Context);
            conversation.Prompt(request.Prompt.AsSpan(request.ReusedTokens));
            GgufTelemetry.PrefillComputed.Add(request.ComputedTokens, _tags);
            GgufTelemetry.PrefillReused.Add(request.ReusedTokens, _tags);
            _running.Add(request);
        }
    }

    private async Task DecodeAsync()
    {
        var inFlight = _running.Count(r => r.Conversation!.RequiresInference);
        if (inFlight > _maxInFlight) Volatile.Write(ref _maxInFlight, inFlight);
        GgufTelemetry.BatchSequences.Record(inFlight, _tags);
        while (true)
        {
            var result = await _executor.Infer(_stop.Token).ConfigureAwait(false);
            Interlocked.Increment(ref _decodes);
            if (result == DecodeResult.Ok) return;
            // No room in the KV cache (fragmentation): cached prefixes are the only thing that can go without harm.
            if (result == DecodeResult.NoKvSlot && _cache.EvictOne()) continue;
            // The executor still holds the failed batch; nothing can be decoded after it, so start over with a fresh context.
            Reset(new LLamaDecodeError(result));
            (_executor, _cache) = Start();
            return;
        }
    }

    /// <summary>Samples one token for every request whose last decode is done; finishes or re-prompts each.</summary>
    private void Sample()
    {
        for (var i = _running.Count - 1; i >= 0; i--)
        {
            var request = _running[i];
            var conversation = request.Conversation!;
            // Still waiting for a later part of its prompt; a cancelled request is released only here, because a
            // conversation with tokens queued in a batch must not give up its sequence id.
            if (!conversation.RequiresSampling) continue;
            if (!request.Prefilled)
            {
                request.Prefilled = true;
                _cache.Add(conversation, request.Prompt);
                CachedTokens = _cache.Tokens;
            }
            if (request.CancellationToken.IsCancellationRequested)
            {
                Release(i).Fail(new OperationCanceledException(request.CancellationToken));
                continue;
            }
            var token = conversation.Sample(request.Sampler);
            if (token.IsEndOfGeneration(_weights.Vocab))
            {
                Release(i).Complete(ChatFinishReason.Stop);
                continue;
            }
            if (request.Accept(token)) Release(i);
            else conversation.Prompt(token);
        }
    }

    /// <summary>Takes a request out of the batch and frees its sequence (its KV cells, unless the prefix cache shares them).</summary>
    private GgufRequest Release(int index)
    {
        var request = _running[index];
        _running.RemoveAt(index);
        request.Conversation?.Dispose();
        return request;
    }

    /// <summary>Fails every running and waiting request and frees their sequences.</summary>
    private void Reset(Exception error)
    {
        for (var i = _running.Count - 1; i >= 0; i--) Release(i).Fail(error);
        while (_waiting.TryDequeue(out var request)) request.Fail(error);
        while (_incoming.Reader.TryRead(out var request)) request.Fail(error);
        _cache.Dispose();
        CachedTokens = 0;
        if (error is not ObjectDisposedException) _executor.Dispose();
    }

    private sealed class Handle(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}
