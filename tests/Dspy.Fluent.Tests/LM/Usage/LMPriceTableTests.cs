using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

public sealed class LMPriceTableTests
{
    private static UsageDetails Usage(long input, long output, long cached = 0) =>
        new() { InputTokenCount = input, OutputTokenCount = output, CachedInputTokenCount = cached };

    [Fact]
    public void Cost_is_input_and_output_tokens_at_their_per_million_prices()
    {
        var table = LMPriceTable.Empty.With("m", new LMPrice(InputPerMillion: 2m, OutputPerMillion: 8m));

        var cost = table.CostOf("m", Usage(1_000_000, 500_000));

        Assert.Equal(6m, cost);
    }

    [Fact]
    public void Cached_input_tokens_are_billed_at_the_cached_price()
    {
        var table = LMPriceTable.Empty.With("m", new LMPrice(1m, 0m, CachedInputPerMillion: 0.5m));

        Assert.Equal(0.75m, table.CostOf("m", Usage(1_000_000, 0, cached: 500_000)));
    }

    [Fact]
    public void An_unknown_model_has_no_cost_rather_than_a_guess()
    {
        Assert.Null(LMPriceTable.Default.CostOf("gpt-4o-audio-preview", Usage(100, 100)));
        Assert.Null(LMPriceTable.Default.CostOf("llama3", Usage(100, 100)));
        Assert.Null(LMPriceTable.Default.CostOf(null, Usage(100, 100)));
    }

    [Fact]
    public void A_dated_snapshot_or_provider_prefixed_name_is_priced_as_its_base_model()
    {
        var expected = LMPriceTable.Default.CostOf("gpt-4o-mini", Usage(1000, 1000));

        Assert.Equal(expected, LMPriceTable.Default.CostOf("gpt-4o-mini-2024-07-18", Usage(1000, 1000)));
        Assert.Equal(expected, LMPriceTable.Default.CostOf("openai/gpt-4o-mini", Usage(1000, 1000)));
        Assert.NotEqual(expected, LMPriceTable.Default.CostOf("gpt-4o", Usage(1000, 1000)));
    }

    [Fact]
    public void With_returns_a_new_table_and_leaves_the_original_unchanged()
    {
        var custom = LMPriceTable.Default.With("my-model", new LMPrice(1m, 1m));

        Assert.NotNull(custom.Find("my-model"));
        Assert.Null(LMPriceTable.Default.Find("my-model"));
    }
}
