using System.Text;

namespace Dspy.Fluent.Tests;

/// <summary>Loaders hand out the first example after reading only the start of a large file.</summary>
public sealed class StreamingLoaderTests
{
    private const int Rows = 20_000;
    private const long FirstExampleBudget = 64 * 1024;

    private static byte[] Generate(Func<int, string> row, string header = "", string separator = "\n", string footer = "")
    {
        var sb = new StringBuilder(header);
        for (var i = 0; i < Rows; i++) sb.Append(i == 0 ? "" : separator).Append(row(i));
        return Encoding.UTF8.GetBytes(sb.Append(footer).ToString());
    }

    private static async Task<(Example First, long BytesReadForFirst, long Total, int Count)> Measure(byte[] file, Func<Stream, IAsyncEnumerable<Example>> read)
    {
        var stream = new CountingStream(new MemoryStream(file));
        await using var rows = read(stream).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        Assert.True(await rows.MoveNextAsync());
        var (first, bytesForFirst) = (rows.Current, stream.BytesRead);
        var count = 1;
        while (await rows.MoveNextAsync()) count++;
        return (first, bytesForFirst, stream.BytesRead, count);
    }

    [Fact]
    public async Task Json_lines_yield_the_first_example_after_reading_a_small_prefix()
    {
        var file = Generate(i => $"{{\"question\": \"Where was person {i} born?\", \"answer\": \"City {i}\"}}");

        var (first, bytesForFirst, total, count) = await Measure(file, s => DataLoader.ReadJsonLinesAsync(s, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("City 0", first["answer"]);
        Assert.InRange(bytesForFirst, 1, FirstExampleBudget);
        Assert.Equal(file.Length, total);
        Assert.Equal(Rows, count);
    }

    [Fact]
    public async Task Json_arrays_yield_the_first_example_after_reading_a_small_prefix()
    {
        var file = Generate(i => $"{{\"question\": \"Where was person {i} born?\", \"answer\": \"City {i}\"}}", "[\n", ",\n", "\n]");

        var (first, bytesForFirst, total, count) = await Measure(file, s => DataLoader.ReadJsonAsync(s, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("City 0", first["answer"]);
        Assert.InRange(bytesForFirst, 1, FirstExampleBudget);
        Assert.Equal(file.Length, total);
        Assert.Equal(Rows, count);
    }

    [Fact]
    public async Task Csv_yields_the_first_example_after_reading_a_small_prefix()
    {
        var file = Generate(i => $"\"Where was person {i} born?\",City {i}", "question,answer\n");

        var (first, bytesForFirst, _, count) = await Measure(file, s => DataLoader.ReadCsvAsync(s, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("City 0", first["answer"]);
        Assert.InRange(bytesForFirst, 1, FirstExampleBudget);
        Assert.Equal(Rows, count);
    }

    [Fact]
    public async Task HotPotQA_files_yield_the_first_example_after_reading_a_small_prefix()
    {
        var file = Generate(i => $"{{\"_id\": \"q{i}\", \"question\": \"Who founded Company {i}?\", \"answer\": \"Person {i}\", \"type\": \"bridge\", \"level\": \"hard\", " +
            $"\"supporting_facts\": [[\"Company {i}\", 0]], \"context\": [[\"Company {i}\", [\"Company {i} was founded by Person {i}.\"]]]}}", "[", ",\n", "]");

        var (first, bytesForFirst, total, count) = await Measure(file, s => HotPotQA.ReadAsync(s, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("Person 0", first["answer"]);
        Assert.InRange(bytesForFirst, 1, FirstExampleBudget);
        Assert.Equal(file.Length, total);
        Assert.Equal(Rows, count);
    }
}
