using System.Text;
using System.Threading.Channels;
using LLama;
using LLama.Batched;
using LLama.Native;
using LLama.Sampling;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// One request in the running batch: what the caller asked for, the state the batch loop keeps for it, and the pieces of
/// text it hands back. Only the batch loop touches the state; the caller reads <see cref="Output"/> and, once that is
/// complete, the counts.
/// </summary>
internal sealed class GgufRequest(LLamaToken[] prompt, BaseSamplingPipeline sampler, int cap, string[] stops, CancellationToken cancellationToken)
{
    private readonly int _holdBack = stops.Length == 0 ? 0 : stops.Max(s => s.Length) - 1;
    private readonly StringBuilder _pending = new();

    public LLamaToken[] Prompt { get; } = prompt;

    public BaseSamplingPipeline Sampler { get; } = sampler;

    /// <summary>The most reply tokens: the request's own cap, never more than its context leaves.</summary>
    public int Cap { get; } = cap;

    /// <summary>Cancelled by the caller's token or when the caller stops reading.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Text pieces as they become final (a possible stop sequence's start is held back until it is known not to be one).</summary>
    public Channel<string> Output { get; } = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    public Conversation? Conversation { get; set; }

    public StreamingTokenDecoder? Decoder { get; set; }

    /// <summary>Whether the prompt has been evaluated (it has once the conversation could first be sampled).</summary>
    public bool Prefilled { get; set; }

    public int ReusedTokens { get; set; }

    public int ComputedTokens => Prompt.Length - ReusedTokens;

    public int OutputTokens { get; private set; }

    public ChatFinishReason FinishReason { get; private set; } = ChatFinishReason.Length;

    /// <summary>Why the request failed (or <see cref="OperationCanceledException"/>); null when it completed.</summary>
    public Exception? Error { get; private set; }

    /// <summary>Adds a sampled token; true when the request is done (a stop sequence appeared or the cap is reached).</summary>
    public bool Accept(LLamaToken token)
    {
        OutputTokens++;
        Decoder!.Add(token);
        _pending.Append(Decoder.Read());
        if (FirstStop() is var stopAt and >= 0)
        {
            _pending.Length = stopAt;
            Complete(ChatFinishReason.Stop);
            return true;
        }
        if (_pending.Length > _holdBack)
        {
            var ready = _pending.ToString(0, _pending.Length - _holdBack);
            _pending.Remove(0, ready.Length);
            Output.Writer.TryWrite(ready);
        }
        if (OutputTokens < Cap) return false;
        Complete(ChatFinishReason.Length);
        return true;
    }

    /// <summary>Ends the request normally: flushes held-back text and closes the output.</summary>
    public void Complete(ChatFinishReason reason)
    {
        FinishReason = reason;
        if (_pending.Length > 0) Output.Writer.TryWrite(_pending.ToString());
        _pending.Clear();
        Sampler.Dispose();
        Output.Writer.TryComplete();
    }

    /// <summary>Ends the request with an error the caller sees when it finishes reading.</summary>
    public void Fail(Exception error)
    {
        Error = error;
        Sampler.Dispose();
        Output.Writer.TryComplete();
    }

    public UsageDetails Usage() => new()
    {
        InputTokenCount = Prompt.Length,
        OutputTokenCount = OutputTokens,
        TotalTokenCount = Prompt.Length + OutputTokens,
        AdditionalCounts = new AdditionalPropertiesDictionary<long>
        {
            [GgufTelemetry.PrefillComputedKey] = ComputedTokens,
            [GgufTelemetry.PrefillReusedKey] = ReusedTokens,
        },
    };

    private int FirstStop()
    {
        if (stops.Length == 0) return -1;
        var s = _pending.ToString();
        var first = -1;
        foreach (var stop in stops)
            if (s.IndexOf(stop, StringComparison.Ordinal) is var at and >= 0 && (first < 0 || at < first)) first = at;
        return first;
    }
}
