
namespace Dspy.Fluent.Tests;

/// <summary>The small committed data files under Data/Files, and helpers to gather what loaders produce.</summary>
internal static class DataFiles
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Data", "Files", name);

    public static async Task<List<Example>> ToListAsync(IAsyncEnumerable<Example> examples)
    {
        var list = new List<Example>();
        await foreach (var e in examples.WithCancellation(TestContext.Current.CancellationToken)) list.Add(e);
        return list;
    }

    public static Stream Utf8(string text) => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Loads with SkipBadRows and returns the skipped rows' messages.</summary>
    public static IReadOnlyList<string> Messages(DataLoadResult result) => result.Skipped.Select(b => b.Message).ToList();
}

/// <summary>A read-only stream over another that counts the bytes handed out, to prove a loader reads lazily.</summary>
internal sealed class CountingStream(Stream inner) : Stream
{
    public long BytesRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

    private int Count(int n)
    {
        BytesRead += n;
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
