using Dspy.Fluent.Orleans.Internal;

namespace Dspy.Fluent.Orleans.Tests;

/// <summary>How the executor cuts a run into batches (the internal cut, compiled into this assembly from its source file).</summary>
public sealed class BatchCutTests
{
    [Theory]
    [InlineData(0, 12, 16)]
    [InlineData(1, 12, 16)]
    [InlineData(10, 12, 16)]
    [InlineData(300, 12, 16)]
    [InlineData(1000, 12, 16)]
    [InlineData(57, 1, 8)]
    [InlineData(1000, 3, 1)]
    public void Every_example_is_in_exactly_one_batch_in_order_and_no_batch_exceeds_the_batch_size(int count, int slots, int batchSize)
    {
        var examples = Enumerable.Range(0, count).ToList();

        var batches = BatchCut.Cut(examples, slots, batchSize).ToList();

        Assert.Equal(examples, batches.SelectMany(b => b));
        Assert.All(batches, b => Assert.InRange(b.Length, 1, batchSize));
    }

    [Fact]
    public void Batches_start_full_and_shrink_so_the_last_one_per_two_slots_holds_a_single_example()
    {
        const int slots = 12;

        var sizes = BatchCut.Cut(Enumerable.Range(0, 1000).ToList(), slots, batchSize: 16).Select(b => b.Length).ToList();

        Assert.Equal(16, sizes[0]);
        Assert.Equal(sizes.OrderByDescending(s => s), sizes);
        Assert.All(sizes.TakeLast(2 * slots), s => Assert.Equal(1, s));
    }
}
