
namespace Dspy.Fluent.Tests;

/// <summary>CSV files load by RFC 4180's quoting rules; every kind of bad row is named precisely, thrown or skipped and reported.</summary>
public sealed class CsvLoaderTests
{
    private static readonly DataLoadOptions QuestionAndAnswer = new() { Fields = ["question", "answer"], SkipBadRows = true };

    [Fact]
    public async Task Quoted_cells_may_hold_commas_doubled_quotes_and_line_breaks()
    {
        var loaded = await DataLoader.LoadCsvAsync(DataFiles.Path("qa.csv"), new DataLoadOptions { InputKeys = ["question"] },
            TestContext.Current.CancellationToken);

        Assert.Equal(3, loaded.Examples.Count);
        Assert.Equal(["question", "answer", "notes"], loaded.Examples[0].Keys);
        Assert.Equal("", loaded.Examples[0]["notes"]);
        Assert.Equal("Who founded \"Stonegate Foods\"?", loaded.Examples[1]["question"]);
        Assert.Equal("founder, company", loaded.Examples[1]["notes"]);
        Assert.Equal("In which country is\nTarnwick?", loaded.Examples[2]["question"]);
        Assert.Equal(["question"], loaded.Examples[2].InputKeys);
    }

    [Fact]
    public async Task Bad_csv_rows_are_skipped_and_each_is_reported_with_line_row_field_and_remedy()
    {
        var path = DataFiles.Path("qa-bad.csv");

        var loaded = await DataLoader.LoadCsvAsync(path, QuestionAndAnswer, TestContext.Current.CancellationToken);

        Assert.Equal(["Where was Marta Kovac born?", "Which band is older?"], loaded.Examples.Select(e => e.GetText("question")));
        Assert.Equal(
        [
            $"{path}, line 3 (row 2): the row has 3 cells but the header has 2 columns. " +
                "Quote cells that contain the delimiter or a line break, e.g. \"Paris, France\", and give every row one cell per column.",
            $"{path}, line 4 (row 3), field 'answer': the field is empty. Give 'answer' a value in this row, or leave it out of InputKeys and Fields if rows may lack it.",
            $"{path}, line 5 (row 4), field 'question': a quote appears inside the unquoted cell in column 1. " +
                "Put the whole cell in quotes and write each quote inside it twice, e.g. \"He said \"\"yes\"\"\".",
            $"{path}, line 6 (row 5), field 'question': text follows the closing quote of the cell in column 1. " +
                "Put the whole cell in quotes and write each quote inside it twice, e.g. \"He said \"\"yes\"\"\".",
        ], DataFiles.Messages(loaded));
        Assert.Equal([1L, 2L, 3L, 4L], loaded.Skipped.Select(b => b.RowIndex));
    }

    [Fact]
    public async Task A_bad_csv_row_throws_when_not_skipping()
    {
        var path = DataFiles.Path("qa-bad.csv");

        var error = await Assert.ThrowsAsync<DataFormatException>(() =>
            DataLoader.LoadCsvAsync(path, QuestionAndAnswer with { SkipBadRows = false }, TestContext.Current.CancellationToken));

        Assert.StartsWith($"{path}, line 3 (row 2): the row has 3 cells but the header has 2 columns.", error.Message);
        Assert.EndsWith("each skipped row is reported through OnBadRow and in the load result.", error.Message);
    }

    [Fact]
    public async Task An_unclosed_quote_cannot_be_skipped()
    {
        var path = DataFiles.Path("qa-unclosed.csv");

        var error = await Assert.ThrowsAsync<DataFormatException>(() => DataLoader.LoadCsvAsync(path, QuestionAndAnswer, TestContext.Current.CancellationToken));

        Assert.False(error.CanSkip);
        Assert.Equal($"{path}, line 3, field 'question': the quoted cell in column 1 that starts on this line is never closed. " +
            "Close the quote; write a quote inside a quoted cell as two quotes (\"\"). Nothing after an unclosed quote can be read, so this cannot be skipped.",
            error.Message);
    }

    [Fact]
    public async Task A_header_naming_a_column_twice_is_rejected()
    {
        var path = DataFiles.Path("qa-duplicate-header.csv");

        var error = await Assert.ThrowsAsync<DataFormatException>(() => DataLoader.LoadCsvAsync(path, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal($"{path}, line 1: the header names 'question' twice (columns 1 and 3). Rename one of the columns.", error.Message);
    }

    [Fact]
    public async Task A_required_field_missing_from_the_header_is_reported_once_for_the_header()
    {
        var path = DataFiles.Path("qa.csv");

        var error = await Assert.ThrowsAsync<DataFormatException>(() =>
            DataLoader.LoadCsvAsync(path, new DataLoadOptions { InputKeys = ["context"], SkipBadRows = true }, TestContext.Current.CancellationToken));

        Assert.Equal($"{path}, line 1: the header has no column 'context' (its columns are question, answer, notes). " +
            "Add a 'context' column, or leave 'context' out of InputKeys and Fields.", error.Message);
    }

    [Fact]
    public async Task An_empty_csv_file_is_rejected()
    {
        var error = await Assert.ThrowsAsync<DataFormatException>(() => DataFiles.ToListAsync(DataLoader.ReadCsvAsync(DataFiles.Utf8(""),
            new DataLoadOptions { SourceName = "empty.csv" }, TestContext.Current.CancellationToken)));

        Assert.Equal("empty.csv, line 1: the file is empty. A CSV file needs a header row naming its columns.", error.Message);
    }

    [Fact]
    public async Task Tab_separated_files_read_with_a_tab_delimiter()
    {
        var examples = await DataFiles.ToListAsync(DataLoader.ReadCsvAsync(DataFiles.Utf8("question\tanswer\nWhere, exactly?\tVelmora\n"),
            new DataLoadOptions { CsvDelimiter = '\t' }, TestContext.Current.CancellationToken));

        Assert.Equal("Where, exactly?", Assert.Single(examples)["question"]);
    }
}
