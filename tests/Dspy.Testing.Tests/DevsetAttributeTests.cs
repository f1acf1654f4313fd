using System.Reflection;
using Xunit.Sdk;

namespace Dspy.Fluent.Tests;

public sealed class DevsetAttributeTests
{
    private static readonly MethodInfo AnyMethod = typeof(DevsetAttributeTests).GetMethod(nameof(Each_row_of_a_devset_theory_is_one_example))!;

    private static async Task<IReadOnlyList<ITheoryDataRow>> RowsAsync(Xunit.v3.IDataAttribute attribute) =>
        [.. await attribute.GetData(AnyMethod, new DisposalTracker())];

    private static Example Single(ITheoryDataRow row) => Assert.IsType<Example>(Assert.Single(row.GetData()));

    [Fact]
    public async Task A_JSONL_devset_gives_one_row_per_example_labelled_by_its_question()
    {
        var rows = await RowsAsync(new DevsetAttribute("data/dev.jsonl"));

        Assert.Equal(["#0: Where was Ada Lovelace born?", "#1: Which river runs through Lyon?"], rows.Take(2).Select(r => r.Label));
        Assert.StartsWith("#2: Who designed the Analytical Engine", rows[2].Label);
        Assert.EndsWith("…", rows[2].Label);
        var first = Single(rows[0]);
        Assert.Equal(["question"], first.InputKeys);
        Assert.Equal("London", first.GetText("answer"));
        Assert.Equal(["Ada Lovelace"], first.Get<string[]>("supporting_titles"));
    }

    [Fact]
    public async Task A_JSON_array_devset_marks_the_named_inputs_and_keeps_numbers()
    {
        var rows = await RowsAsync(new DevsetAttribute("data/dev.json") { Inputs = "context, question" });

        var mars = Single(rows[0]);
        Assert.Equal(2, rows.Count);
        Assert.Equal(["context", "question"], mars.InputKeys);
        Assert.Equal(2, mars.Get<int>("answer"));
        Assert.Equal("#0: Mars has two moons.", rows[0].Label);
    }

    [Fact]
    public async Task Limit_takes_only_the_first_examples()
    {
        var rows = await RowsAsync(new DevsetAttribute("data/dev.jsonl") { Limit = 2 });

        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public async Task A_broken_line_is_reported_with_its_file_and_line_number()
    {
        var error = await Assert.ThrowsAsync<FormatException>(() => RowsAsync(new DevsetAttribute("data/broken.jsonl")));

        Assert.StartsWith(Path.Combine(AppContext.BaseDirectory, "data/broken.jsonl") + ":2: not a JSON object", error.Message);
    }

    [Fact]
    public async Task A_missing_file_says_where_it_looked_and_how_to_copy_it()
    {
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => RowsAsync(new DevsetAttribute("data/nope.jsonl")));

        Assert.Contains(Path.Combine(AppContext.BaseDirectory, "data/nope.jsonl"), error.Message);
        Assert.Contains("CopyToOutputDirectory", error.Message);
    }

    public sealed class Generated : IDevsetSource
    {
        public Task<IReadOnlyList<Example>> GetExamplesAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<Example>>(Enumerable.Range(1, 3).Select(i => Example.Create("topic", $"t{i}").With("question", $"What is {i} + {i}?").With("answer", $"{2 * i}")).ToArray());
    }

    [Fact]
    public async Task A_devset_source_type_provides_rows_labelled_by_question_and_is_not_enumerated_at_discovery()
    {
        var attribute = new DevsetSourceAttribute(typeof(Generated));

        var rows = await RowsAsync(attribute);

        Assert.False(attribute.SupportsDiscoveryEnumeration());
        Assert.True(new DevsetAttribute("data/dev.jsonl").SupportsDiscoveryEnumeration());
        Assert.Equal(["#0: What is 1 + 1?", "#1: What is 2 + 2?", "#2: What is 3 + 3?"], rows.Select(r => r.Label));
        Assert.Equal(["question"], Single(rows[0]).InputKeys);
    }

    [Fact]
    public async Task A_source_type_that_is_not_a_devset_source_is_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => RowsAsync(new DevsetSourceAttribute(typeof(string))));

        Assert.Contains("must implement IDevsetSource", error.Message);
    }

    [Fact]
    public void The_example_serializer_round_trips_fields_and_inputs()
    {
        var example = Example.Create("question", "Q?").With("answer", new[] { "a", "b" }).With("n", 3).WithInputs("question");
        var serializer = new ExampleSerializer();

        var again = (Example)serializer.Deserialize(typeof(Example), serializer.Serialize(example));

        Assert.True(serializer.IsSerializable(typeof(Example), example, out _));
        Assert.True(example.Equals(again), $"{again} should equal {example}");
        Assert.Equal(["question"], again.InputKeys);
    }

    [Fact]
    public async Task A_failing_devset_row_is_named_by_the_number_in_its_label()
    {
        var row = (await RowsAsync(new DevsetAttribute("data/dev.jsonl")))[2];

        var error = await Assert.ThrowsAsync<MetricAssertionException>(() =>
            TestPrograms.Qa.ShouldPassAsync(Single(row), Metrics.ExactMatch, TestPrograms.Settings(), TestContext.Current.CancellationToken));

        Assert.StartsWith("#2: Who designed the Analytical Engine", row.Label);
        Assert.StartsWith("exact_match scored 0, below the required 1 for example #2: Who designed the Analytical Engine", error.Message);
    }

    [Fact]
    public async Task A_devset_row_enumerated_at_discovery_keeps_its_number_through_serialization()
    {
        var row = (await RowsAsync(new DevsetAttribute("data/dev.jsonl")))[2];
        var serializer = new ExampleSerializer();

        var discovered = (Example)serializer.Deserialize(typeof(Example), serializer.Serialize(Single(row)));
        var error = await Assert.ThrowsAsync<MetricAssertionException>(() =>
            TestPrograms.Qa.ShouldPassAsync(discovered, Metrics.ExactMatch, TestPrograms.Settings(), TestContext.Current.CancellationToken));

        Assert.Contains("for example #2: Who designed the Analytical Engine", error.Message);
    }

    [Theory]
    [Devset("data/dev.jsonl", Limit = 2)]
    public async Task Each_row_of_a_devset_theory_is_one_example(Example example)
    {
        var row = await TestPrograms.Qa.ShouldPassAsync(example, Metrics.ExactMatch, TestPrograms.Settings(), TestContext.Current.CancellationToken);

        Assert.Equal(1, row.Score);
    }
}
