using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Records every call's token usage and cost (from a <see cref="LMPriceTable"/>) into an <see cref="LMUsageTracker"/> and
/// into every enclosing <see cref="LMUsageScope"/>, counts cache hits as hits with no usage, and enforces an optional
/// <see cref="LMBudget"/> before each call reaches the provider.
/// </summary>
/// <remarks>Place it outside the cache, so hits are seen (and cost nothing), and outside retries, so a call counts once.</remarks>
public sealed class UsageTrackingChatClient : DelegatingChatClient
{
    private ChatClientMetadata? _metadata;

    /// <summary>Creates the client.</summary>
    /// <param name="innerClient">The client to call.</param>
    /// <param name="tracker">Where usage is added up; a new tracker when null.</param>
    public UsageTrackingChatClient(IChatClient innerClient, LMUsageTracker? tracker = null) : base(innerClient) => Tracker = tracker ?? new LMUsageTracker();

    /// <summary>Where usage is added up.</summary>
    public LMUsageTracker Tracker { get; }

    /// <summary>Prices for cost; <see cref="LMPriceTable.Default"/> unless set.</summary>
    public LMPriceTable Prices { get; set; } = LMPriceTable.Default;

    /// <summary>The spending limit, or null for none.</summary>
    public LMBudget? Budget { get; set; }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var requested = CheckBudget(options);
        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        Record(response, requested);
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var requested = CheckBudget(options);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            if (update is not null) updates.Add(update); // a null one is the consumer's to report; ToChatResponse would throw on it
            yield return update!;
        }
        Record(updates.ToChatResponse(), requested);
    }

    private string? CheckBudget(ChatOptions? options)
    {
        _metadata ??= InnerClient.GetService<ChatClientMetadata>() ?? new ChatClientMetadata();
        var model = options?.ModelId ?? _metadata.DefaultModelId;
        if (Budget is not { } budget) return model;
        var spent = Tracker.Summary;
        if ((budget.MaxTotalTokens is { } tokens && spent.TotalTokens >= tokens) || (budget.MaxCostUsd is { } usd && spent.CostUsd >= usd))
            throw new BudgetExceededException(budget, spent, model, DspyChatOptions.GetPredictor(options));
        if (budget.MaxCostUsd is not null && Prices.Find(model) is null)
            throw new InvalidOperationException(
                $"A USD budget is set, but model '{model ?? "(none given)"}' has no price, so its calls could not be counted against it. " +
                $"Add its price (UseLMUsage(tracker, c => c.Prices = LMPriceTable.Default.With(\"{model}\", new LMPrice(inputPerMillion, outputPerMillion)))) " +
                "or use a token budget (LMBudget.MaxTotalTokens).");
        return model;
    }

    private void Record(ChatResponse response, string? requestedModel)
    {
        var model = response.ModelId ?? requestedModel;
        if (DspyChatOptions.IsCacheHit(response))
        {
            Tracker.RecordCacheHit(model);
            foreach (var scope in LMUsageScope.Active()) scope.Tracker.RecordCacheHit(model);
            return;
        }
        // A dated snapshot the table lacks is still priced by the model that was asked for.
        var cost = Prices.CostOf(model, response.Usage) ?? Prices.CostOf(requestedModel, response.Usage);
        Tracker.Record(model, response.Usage, cost);
        foreach (var scope in LMUsageScope.Active()) scope.Tracker.Record(model, response.Usage, cost);
    }
}
