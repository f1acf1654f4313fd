
namespace Dspy.Fluent.Tests;

public sealed class Bm25PersistenceTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "dspy-bm25-tests-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_reopened_index_returns_the_same_titles_and_scores_as_the_in_memory_one()
    {
        var folder = Path.Combine(_root, "index");
        using var inMemory = Bm25Retriever.Build(FictionalCorpus.Passages);
        Bm25Retriever.BuildInFolder(folder, FictionalCorpus.Passages).Dispose();
        var queries = FictionalCorpus.Gold.Select(g => g.Question).Append("eel Quillby paper").ToArray();

        using var reopened = Bm25Retriever.Open(folder);

        Assert.Equal(FictionalCorpus.Passages.Length, reopened.Count);
        foreach (var query in queries)
        {
            var expected = await inMemory.SearchAsync(query, 5, Ct);
            var actual = await reopened.SearchAsync(query, 5, Ct);
            Assert.Equal(expected.Select(p => (p.Title, p.Text, p.Score)), actual.Select(p => (p.Title, p.Text, p.Score)));
        }
    }

    [Fact]
    public async Task A_reopened_index_keeps_the_bm25_parameters_it_was_built_with()
    {
        var folder = Path.Combine(_root, "tuned");
        var options = new Bm25RetrieverOptions { K1 = 0.9f, B = 0.4f };
        using var built = Bm25Retriever.BuildInFolder(folder, FictionalCorpus.Passages, options);
        var expected = await built.SearchAsync("Quillby eel market", 5, Ct);

        using var reopened = Bm25Retriever.Open(folder, "hop_retriever");

        Assert.Equal((0.9f, 0.4f), (reopened.K1, reopened.B));
        Assert.Equal("hop_retriever", reopened.Name);
        Assert.Equal(expected.Select(p => p.Score), (await reopened.SearchAsync("Quillby eel market", 5, Ct)).Select(p => p.Score));
    }

    [Fact]
    public void Building_again_in_the_same_folder_replaces_the_index()
    {
        var folder = Path.Combine(_root, "rebuilt");
        Bm25Retriever.BuildInFolder(folder, FictionalCorpus.Passages).Dispose();
        Bm25Retriever.BuildInFolder(folder, ["Solo | the only passage"]).Dispose();

        using var reopened = Bm25Retriever.Open(folder);

        Assert.Equal(1, reopened.Count);
    }

    [Fact]
    public void Opening_a_missing_folder_names_the_path()
    {
        var folder = Path.Combine(_root, "never-built");

        var error = Assert.Throws<DirectoryNotFoundException>(() => Bm25Retriever.Open(folder));

        Assert.Contains(folder, error.Message);
        Assert.Contains("BuildInFolder", error.Message);
    }

    [Fact]
    public void Opening_a_folder_without_an_index_names_the_path()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName;
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not an index");

        var error = Assert.Throws<InvalidDataException>(() => Bm25Retriever.Open(folder));

        Assert.Contains(folder, error.Message);
        Assert.Contains("no search index", error.Message);
    }

    [Fact]
    public void Opening_a_damaged_index_names_the_path_and_says_to_rebuild()
    {
        var folder = Path.Combine(_root, "damaged");
        Bm25Retriever.BuildInFolder(folder, FictionalCorpus.Passages).Dispose();
        foreach (var file in Directory.GetFiles(folder))
            File.WriteAllBytes(file, "this is not what Lucene wrote here"u8.ToArray());

        var error = Assert.Throws<InvalidDataException>(() => Bm25Retriever.Open(folder));

        Assert.Contains(folder, error.Message);
        Assert.Contains("damaged", error.Message);
        Assert.Contains("BuildInFolder", error.Message);
    }

    [Theory]
    [InlineData(".fdt", "flip")]
    [InlineData(".tim", "flip")]
    [InlineData(".fdt", "delete")]
    [InlineData(".tim", "delete")]
    public void Opening_an_index_with_a_flipped_bit_or_a_missing_file_reports_it_as_damaged(string extension, string damage)
    {
        var folder = Path.Combine(_root, "bitrot");
        Bm25Retriever.BuildInFolder(folder, FictionalCorpus.Passages).Dispose();
        var file = Assert.Single(Directory.GetFiles(folder, "*" + extension));
        if (damage == "delete") File.Delete(file);
        else
        {
            var bytes = File.ReadAllBytes(file);
            bytes[bytes.Length / 2] ^= 0xFF;
            File.WriteAllBytes(file, bytes);
        }

        var error = Assert.Throws<InvalidDataException>(() => Bm25Retriever.Open(folder));

        Assert.Contains(folder, error.Message);
        Assert.Contains("damaged", error.Message);
    }

    [Fact]
    public async Task Building_again_over_a_damaged_index_replaces_it()
    {
        var folder = Path.Combine(_root, "repaired");
        Bm25Retriever.BuildInFolder(folder, ["Old | stale passage"]).Dispose();
        foreach (var file in Directory.GetFiles(folder)) File.WriteAllText(file, "junk");

        Bm25Retriever.BuildInFolder(folder, FictionalCorpus.Passages).Dispose();
        using var reopened = Bm25Retriever.Open(folder);

        Assert.Equal("Orvale Press", (await reopened.SearchAsync("Who founded Orvale Press?", 1, Ct))[0].Title);
    }

    [Fact]
    public void Opening_a_lucene_index_that_bm25retriever_did_not_build_says_so()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "foreign")).FullName;
        using (var directory = Lucene.Net.Store.FSDirectory.Open(folder))
        using (var writer = new Lucene.Net.Index.IndexWriter(directory, new Lucene.Net.Index.IndexWriterConfig(
                   Lucene.Net.Util.LuceneVersion.LUCENE_48, new Lucene.Net.Analysis.Core.WhitespaceAnalyzer(Lucene.Net.Util.LuceneVersion.LUCENE_48))))
        {
            writer.AddDocument([new Lucene.Net.Documents.TextField("body", "some text", Lucene.Net.Documents.Field.Store.YES)]);
            writer.Commit();
        }

        var error = Assert.Throws<InvalidDataException>(() => Bm25Retriever.Open(folder));

        Assert.Contains(folder, error.Message);
        Assert.Contains("did not build", error.Message);
    }

    [Fact]
    public void Opening_a_truncated_index_reports_it_as_damaged()
    {
        var folder = Path.Combine(_root, "truncated");
        Bm25Retriever.BuildInFolder(folder, FictionalCorpus.Passages).Dispose();
        foreach (var file in Directory.GetFiles(folder).Where(f => !Path.GetFileName(f).StartsWith("segments", StringComparison.Ordinal)))
        {
            var bytes = File.ReadAllBytes(file);
            File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]);
        }

        var error = Assert.Throws<InvalidDataException>(() => Bm25Retriever.Open(folder));

        Assert.Contains(folder, error.Message);
    }
}
