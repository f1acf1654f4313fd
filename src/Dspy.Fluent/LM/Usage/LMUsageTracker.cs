using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Adds up token usage, cost and cache hits of LM calls; thread-safe, so every concurrent call of a run, an evaluation or
/// a compile can record into one tracker. <see cref="UsageTrackingChatClient"/> records into it.
/// </summary>
/// <example>
/// <code>
/// var tracker = new LMUsageTracker();
/// IChatClient lm = new ChatClientBuilder(provider).UseLMUsage(tracker).UseDspyCache().Build();
/// // ... run, evaluate, compile ...
/// Console.WriteLine(tracker.Summary);   // "120 calls (+40 cache hits), 51234 in / 8120 out tokens, $0.0125"
/// </code>
/// </example>
public sealed class LMUsageTracker
{
    private const string UnknownModel = "(unknown)";
    private readonly object _gate = new();
    private readonly Dictionary<string, ModelTotals> _models = new(StringComparer.Ordinal);
    private long _calls, _hits, _input, _output, _total, _cached, _reasoning, _unpriced, _priced;
    private decimal _cost;

    /// <summary>The totals so far.</summary>
    public LMUsageSummary Summary
    {
        get
        {
            lock (_gate)
            {
                return new LMUsageSummary
                {
                    Calls = _calls, CacheHits = _hits, InputTokens = _input, OutputTokens = _output, TotalTokens = _total,
                    CachedInputTokens = _cached, ReasoningTokens = _reasoning, UnpricedCalls = _unpriced,
                    CostUsd = _priced > 0 ? _cost : null,
                    ByModel = _models.OrderByDescending(m => m.Value.Calls).ThenBy(m => m.Key, StringComparer.Ordinal)
                        .Select(m => new LMModelUsage
                        {
                            Model = m.Key, Calls = m.Value.Calls, CacheHits = m.Value.Hits, InputTokens = m.Value.Input,
                            OutputTokens = m.Value.Output, CostUsd = m.Value.Priced > 0 ? m.Value.Cost : null,
                        }).ToArray(),
                };
            }
        }
    }

    /// <summary>Records one call the provider answered.</summary>
    /// <param name="model">The model that answered, or null when unknown.</param>
    /// <param name="usage">Its reported usage, or null.</param>
    /// <param name="costUsd">Its cost, or null when it could not be priced.</param>
    public void Record(string? model, UsageDetails? usage, decimal? costUsd)
    {
        var input = usage?.InputTokenCount ?? 0;
        var output = usage?.OutputTokenCount ?? 0;
        lock (_gate)
        {
            _calls++;
            _input += input;
            _output += output;
            _total += usage?.TotalTokenCount ?? input + output;
            _cached += usage?.CachedInputTokenCount ?? 0;
            _reasoning += usage?.ReasoningTokenCount ?? 0;
            if (costUsd is { } cost)
            {
                _cost += cost;
                _priced++;
            }
            else _unpriced++;
            var totals = ModelFor(model);
            totals.Calls++;
            totals.Input += input;
            totals.Output += output;
            if (costUsd is { } c)
            {
                totals.Cost += c;
                totals.Priced++;
            }
        }
    }

    /// <summary>Records a call answered from the cache (no tokens, no cost).</summary>
    /// <param name="model">The model of the cached reply, or null when unknown.</param>
    public void RecordCacheHit(string? model)
    {
        lock (_gate)
        {
            _hits++;
            ModelFor(model).Hits++;
        }
    }

    /// <summary>Sets every total back to zero (e.g. to start a new budget period).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _calls = _hits = _input = _output = _total = _cached = _reasoning = _unpriced = _priced = 0;
            _cost = 0;
            _models.Clear();
        }
    }

    private ModelTotals ModelFor(string? model)
    {
        var key = string.IsNullOrWhiteSpace(model) ? UnknownModel : model;
        if (!_models.TryGetValue(key, out var totals)) _models[key] = totals = new ModelTotals();
        return totals;
    }

    private sealed class ModelTotals
    {
        public long Calls, Hits, Input, Output, Priced;
        public decimal Cost;
    }
}
