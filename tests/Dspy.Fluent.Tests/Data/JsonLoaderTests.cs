using System.Text;

namespace Dspy.Fluent.Tests;

/// <summary>JSON lines and JSON array files load as examples; every kind of bad row is named precisely, thrown or skipped and reported.</summary>
public sealed class JsonLoaderTests
{
    private static readonly DataLoadOptions QuestionAndAnswer = new() { Fields = ["question", "answer"], SkipBadRows = true };
    private const string SkipHint =
        " To skip bad rows instead, set SkipBadRows = true in the load options; each skipped row is reported through OnBadRow and in the load result.";

    [Fact]
    public async Task Json_lines_become_examples_with_plain_values_and_marked_inputs()
    {
        var examples = await DataFiles.ToListAsync(DataLoader.ReadJsonLinesAsync(DataFiles.Path("qa.jsonl"), new DataLoadOptions { InputKeys = ["question"] },
            TestContext.Current.CancellationToken));

        Assert.Equal(3, examples.Count);
        Assert.Equal(["question"], examples[0].InputKeys);
        Assert.Equal("Where was Marta Kovac born?", examples[0]["question"]);
        Assert.Equal(2L, examples[0]["difficulty"]);
        Assert.Equal(["founder", "company"], examples[1].Get<IReadOnlyList<string>>("tags"));
        Assert.Equal("Ostrelia", examples[2].GetText("answer"));
    }

    [Fact]
    public async Task Fields_keep_only_the_named_fields_in_order()
    {
        var loaded = await DataLoader.LoadJsonLinesAsync(DataFiles.Path("qa.jsonl"), new DataLoadOptions { Fields = ["answer", "question"] },
            TestContext.Current.CancellationToken);

        Assert.All(loaded.Examples, e => Assert.Equal(["answer", "question"], e.Keys));
    }

    [Fact]
    public async Task Bad_json_lines_are_skipped_and_each_is_reported_with_line_field_and_remedy()
    {
        var path = DataFiles.Path("qa-bad.jsonl");
        var seen = new List<BadRow>();

        var loaded = await DataLoader.LoadJsonLinesAsync(path, QuestionAndAnswer with { OnBadRow = seen.Add }, TestContext.Current.CancellationToken);

        Assert.Equal(["Where was Marta Kovac born?", "Who is older, Nils Berg or Ada Lund?"], loaded.Examples.Select(e => e.GetText("question")));
        Assert.Equal(
        [
            $"{path}, line 2, field 'answer': the field is missing. Add 'answer' to this row, or leave it out of InputKeys and Fields if rows may lack it.",
            $"{path}, line 3: the line is not valid JSON: '\"' is invalid after a value. Expected either ',', '}}', or ']' (at byte 46 of the line). " +
                "Fix the JSON on this line; each line must hold one JSON object.",
            $"{path}, line 4: the row is a list, not an object. Each line must be a JSON object such as {{\"question\": \"...\", \"answer\": \"...\"}}.",
            $"{path}, line 5, field 'question': the field is null. Give 'question' a value in this row, or leave it out of InputKeys and Fields if rows may lack it.",
        ], DataFiles.Messages(loaded));
        Assert.Equal(4, loaded.SkippedCount);
        Assert.Equal(loaded.Skipped, seen);
        Assert.Equal((2L, 1L, "answer"), (loaded.Skipped[0].Line, loaded.Skipped[0].RowIndex, loaded.Skipped[0].Field));
    }

    [Fact]
    public async Task A_bad_json_line_throws_naming_the_file_line_and_field_when_not_skipping()
    {
        var path = DataFiles.Path("qa-bad.jsonl");

        var error = await Assert.ThrowsAsync<DataFormatException>(() =>
            DataLoader.LoadJsonLinesAsync(path, QuestionAndAnswer with { SkipBadRows = false }, TestContext.Current.CancellationToken));

        Assert.Equal($"{path}, line 2, field 'answer': the field is missing. Add 'answer' to this row, or leave it out of InputKeys and Fields if rows may lack it."
            + SkipHint, error.Message);
        Assert.True(error.CanSkip);
        Assert.Equal("answer", error.Row.Field);
    }

    [Fact]
    public async Task Json_arrays_become_examples_with_numbers_and_booleans_kept()
    {
        var loaded = await DataLoader.LoadJsonAsync(DataFiles.Path("qa.json"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, loaded.Examples.Count);
        Assert.Equal(1975L, loaded.Examples[1]["year"]);
        Assert.Equal(0.5, loaded.Examples[1]["share"]);
        Assert.Equal(false, loaded.Examples[1]["public"]);
        Assert.Empty(loaded.Skipped);
    }

    [Fact]
    public async Task Bad_array_elements_are_reported_with_line_and_element_index()
    {
        var path = DataFiles.Path("qa-bad.json");

        var loaded = await DataLoader.LoadJsonAsync(path, QuestionAndAnswer, TestContext.Current.CancellationToken);

        Assert.Equal(2, loaded.Examples.Count);
        Assert.Equal(
        [
            $"{path}, line 3, element [1], field 'answer': the field is missing. Add 'answer' to this row, or leave it out of InputKeys and Fields if rows may lack it.",
            $"{path}, line 4, element [2]: the row is a string, not an object. Each element of the array must be a JSON object such as {{\"question\": \"...\", \"answer\": \"...\"}}.",
        ], DataFiles.Messages(loaded));
    }

    [Fact]
    public async Task A_syntax_error_inside_an_array_throws_even_when_skipping_after_the_rows_before_it()
    {
        var path = DataFiles.Path("qa-broken.json");
        var read = new List<Example>();

        var error = await Assert.ThrowsAsync<DataFormatException>(async () =>
        {
            await foreach (var e in DataLoader.ReadJsonAsync(path, QuestionAndAnswer with { OnBadRow = _ => { } }, TestContext.Current.CancellationToken))
                read.Add(e);
        });

        Assert.Single(read);
        Assert.False(error.CanSkip);
        Assert.Equal($"{path}, line 3, element [1]: the file is not valid JSON: 'A' is an invalid start of a value (at byte 58 of the line). " +
            "Fix the JSON there; a syntax error inside an array cannot be skipped, because the elements after it cannot be located.", error.Message);
    }

    [Theory]
    [InlineData("{\"question\": \"q\"}",
        "stream, line 1: the file does not hold a JSON array (it starts with an object). Put the rows inside [ ], or read one object per line with DataLoader.ReadJsonLinesAsync.")]
    [InlineData("  \n ", "stream, line 2: the file is empty. A JSON data file must hold one array of objects, e.g. [{\"question\": \"...\", \"answer\": \"...\"}].")]
    [InlineData("[{\"question\": \"q\"}]\nx",
        "stream, line 2: there is more after the closing ']' of the array: 'x' is invalid after a single JSON value. Expected end of data (at byte 1 of the line). Remove it; a JSON data file holds exactly one array.")]
    public async Task A_json_file_that_is_not_one_array_is_rejected_whole(string json, string message)
    {
        var error = await Assert.ThrowsAsync<DataFormatException>(() => DataFiles.ToListAsync(DataLoader.ReadJsonAsync(DataFiles.Utf8(json),
            cancellationToken: TestContext.Current.CancellationToken)));

        Assert.Equal(message, error.Message);
        Assert.False(error.CanSkip);
    }

    [Fact]
    public async Task Elements_larger_than_the_read_buffer_and_far_into_the_file_keep_their_line_numbers()
    {
        var sb = new StringBuilder("[\n");
        for (var i = 0; i < 2000; i++) sb.Append($"{{\"question\": \"q{i}\", \"answer\": \"{new string('x', i == 1000 ? 100_000 : 20)}\"}},\n");
        sb.Append("{\"question\": \"last\"}\n]");

        var loaded = await LoadFromStream(sb.ToString(), QuestionAndAnswer);

        Assert.Equal(2000, loaded.Examples.Count);
        Assert.Equal(100_000, loaded.Examples[1000].GetText("answer").Length);
        Assert.Equal("stream, line 2002, element [2000], field 'answer': the field is missing. Add 'answer' to this row, or leave it out of InputKeys and Fields if rows may lack it.",
            Assert.Single(loaded.Skipped).Message);
    }

    [Fact]
    public async Task A_byte_order_mark_and_comments_are_accepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("[ // rows\n {\"question\": \"q\", \"answer\": \"a\"},\n]")).ToArray();

        var examples = await DataFiles.ToListAsync(DataLoader.ReadJsonAsync(new MemoryStream(bytes), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("a", Assert.Single(examples).GetText("answer"));
    }

    [Fact]
    public void Streaming_with_skipped_rows_requires_a_callback_so_none_is_lost_unseen()
    {
        var error = Assert.Throws<ArgumentException>(() => DataLoader.ReadJsonLinesAsync(DataFiles.Path("qa.jsonl"), new DataLoadOptions { SkipBadRows = true },
            TestContext.Current.CancellationToken));

        Assert.StartsWith("SkipBadRows needs OnBadRow when streaming", error.Message);
    }

    [Fact]
    public async Task A_stream_is_named_by_the_source_name_option_and_left_open()
    {
        var stream = DataFiles.Utf8("{\"question\": 1}\n");

        var error = await Assert.ThrowsAsync<DataFormatException>(() => DataFiles.ToListAsync(DataLoader.ReadJsonLinesAsync(stream,
            new DataLoadOptions { SourceName = "upload.jsonl", InputKeys = ["question", "answer"] }, TestContext.Current.CancellationToken)));

        Assert.StartsWith("upload.jsonl, line 1, field 'answer': the field is missing.", error.Message);
        Assert.True(stream.CanRead);
    }

    private static async Task<DataLoadResult> LoadFromStream(string json, DataLoadOptions options)
    {
        var skipped = new List<BadRow>();
        var examples = await DataFiles.ToListAsync(DataLoader.ReadJsonAsync(DataFiles.Utf8(json), options with { OnBadRow = skipped.Add },
            TestContext.Current.CancellationToken));
        return new DataLoadResult(examples, skipped);
    }
}
