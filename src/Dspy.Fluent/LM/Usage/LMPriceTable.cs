using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Prices per model, for turning token usage into dollars. Immutable: <see cref="With"/> returns a new table. A model
/// that is not in the table has no cost (null) — it is never guessed from a similar name.
/// </summary>
/// <remarks>
/// <para>Lookup is exact (case-insensitive), then — for a dated snapshot such as <c>gpt-4o-mini-2024-07-18</c> — the
/// name without its date, then the part after a provider prefix (<c>openai/gpt-4o</c>).</para>
/// <para><see cref="Default"/> holds OpenAI's published list prices as of 2025 for a few common models. Prices change:
/// check them against your provider and override with <see cref="With"/>.</para>
/// </remarks>
/// <example>
/// <code>
/// var prices = LMPriceTable.Default.With("my-finetune", new LMPrice(InputPerMillion: 3m, OutputPerMillion: 12m));
/// decimal? cost = prices.CostOf("my-finetune", response.Usage);
/// </code>
/// </example>
public sealed partial class LMPriceTable
{
    private readonly ImmutableDictionary<string, LMPrice> _prices;

    private LMPriceTable(ImmutableDictionary<string, LMPrice> prices) => _prices = prices;

    /// <summary>A table with no prices: every cost is null.</summary>
    public static LMPriceTable Empty { get; } = new(ImmutableDictionary.Create<string, LMPrice>(StringComparer.OrdinalIgnoreCase));

    /// <summary>OpenAI list prices (USD per million tokens, as published in 2025) for common chat models.</summary>
    public static LMPriceTable Default { get; } = Empty
        .With("gpt-4o", new LMPrice(2.50m, 10.00m, 1.25m))
        .With("gpt-4o-mini", new LMPrice(0.15m, 0.60m, 0.075m))
        .With("gpt-4.1", new LMPrice(2.00m, 8.00m, 0.50m))
        .With("gpt-4.1-mini", new LMPrice(0.40m, 1.60m, 0.10m))
        .With("gpt-4.1-nano", new LMPrice(0.10m, 0.40m, 0.025m))
        .With("gpt-5", new LMPrice(1.25m, 10.00m, 0.125m))
        .With("gpt-5-mini", new LMPrice(0.25m, 2.00m, 0.025m))
        .With("gpt-5-nano", new LMPrice(0.05m, 0.40m, 0.005m))
        .With("o3", new LMPrice(2.00m, 8.00m, 0.50m))
        .With("o3-mini", new LMPrice(1.10m, 4.40m, 0.55m))
        .With("o4-mini", new LMPrice(1.10m, 4.40m, 0.275m));

    /// <summary>Every model and its price.</summary>
    public IReadOnlyDictionary<string, LMPrice> Prices => _prices;

    /// <summary>A table with <paramref name="model"/> priced at <paramref name="price"/> (replacing any earlier price).</summary>
    /// <param name="model">The model id, as the provider reports it.</param>
    /// <param name="price">Its price.</param>
    /// <returns>The new table.</returns>
    public LMPriceTable With(string model, LMPrice price)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(price);
        return new(_prices.SetItem(model.Trim(), price));
    }

    /// <summary>The price of <paramref name="model"/>, or null when it is not in the table.</summary>
    /// <param name="model">A model id, or null.</param>
    public LMPrice? Find(string? model)
    {
        if (string.IsNullOrWhiteSpace(model)) return null;
        if (_prices.TryGetValue(model, out var price)) return price;
        var undated = DatedSuffix().Replace(model, "");
        if (undated != model && _prices.TryGetValue(undated, out price)) return price;
        var slash = model.LastIndexOf('/');
        return slash >= 0 && slash < model.Length - 1 ? Find(model[(slash + 1)..]) : null;
    }

    /// <summary>What <paramref name="usage"/> cost on <paramref name="model"/>, or null when the model has no price or the usage no counts.</summary>
    /// <param name="model">A model id, or null.</param>
    /// <param name="usage">Reported usage, or null.</param>
    public decimal? CostOf(string? model, UsageDetails? usage) => Find(model)?.CostOf(usage);

    // Snapshot suffixes: -2024-07-18 (OpenAI), -20240718, -0613 (older OpenAI snapshots).
    [GeneratedRegex(@"-(\d{4}-\d{2}-\d{2}|\d{8}|\d{4})$", RegexOptions.CultureInvariant)]
    private static partial Regex DatedSuffix();
}
