using System.Text;

namespace Dspy.Fluent.Tests;

/// <summary>Data files are decoded strictly: a byte that is not UTF-8 stops the load with file, line and byte offset,
/// instead of becoming U+FFFD in the examples.</summary>
public sealed class StrictDecodingTests
{
    // "café" written in Latin-1: 0xE9 followed by '"' is not UTF-8.
    private static byte[] WithLatin1Line(string before, string after) =>
        [.. Encoding.UTF8.GetBytes(before), .. "{\"question\": \"caf"u8, 0xE9, .. "\", \"answer\": \"x\"}\n"u8, .. Encoding.UTF8.GetBytes(after)];

    [Fact]
    public async Task Invalid_utf8_in_json_lines_names_the_file_line_and_byte_offset()
    {
        var path = Path.Combine(Path.GetTempPath(), $"latin1-{Guid.NewGuid():N}.jsonl");
        var first = "{\"question\": \"ü?\", \"answer\": \"y\"}\n";
        await File.WriteAllBytesAsync(path, WithLatin1Line(first, ""), TestContext.Current.CancellationToken);
        try
        {
            var e = await Assert.ThrowsAsync<DataFormatException>(() => DataLoader.LoadJsonLinesAsync(path, null, TestContext.Current.CancellationToken));

            var offset = Encoding.UTF8.GetByteCount(first) + "{\"question\": \"caf".Length;
            Assert.Contains(Path.GetFileName(path), e.Message);
            Assert.Contains($"not valid UTF-8 at byte offset {offset} (line 2)", e.Message);
            Assert.False(e.CanSkip);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task Invalid_utf8_in_a_csv_names_the_file_line_and_byte_offset()
    {
        var path = Path.Combine(Path.GetTempPath(), $"latin1-{Guid.NewGuid():N}.csv");
        byte[] bytes = [.. "question,answer\nok,fine\n"u8, .. "caf"u8, 0xE9, .. ",x\n"u8];
        await File.WriteAllBytesAsync(path, bytes, TestContext.Current.CancellationToken);
        try
        {
            var e = await Assert.ThrowsAsync<DataFormatException>(() => DataLoader.LoadCsvAsync(path, null, TestContext.Current.CancellationToken));

            Assert.Contains(Path.GetFileName(path), e.Message);
            Assert.Contains("not valid UTF-8 at byte offset 27 (line 3)", e.Message);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task A_multi_byte_character_split_across_reads_is_valid()
    {
        // The loader reads 16 KB at a time; put a 4-byte character across the first boundary.
        var padding = new string('a', 16 * 1024 - 14); // the emoji lands on bytes 16382..16385
        var text = $"{{\"question\": \"{padding}\", \"answer\": \"x\"}}\n".Replace("aaaa\"", "aa😀\"");
        var examples = await DataFiles.ToListAsync(DataLoader.ReadJsonLinesAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), null,
            TestContext.Current.CancellationToken));

        Assert.EndsWith("aa😀", examples[0].GetText("question"));
    }
}
