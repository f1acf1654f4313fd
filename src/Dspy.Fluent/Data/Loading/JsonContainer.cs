namespace Dspy.Fluent;

/// <summary>Tells a JSON array file from a JSON lines file by its first non-blank character, without losing the bytes read to find out.</summary>
internal static class JsonContainer
{
    public static async Task<(Stream Replay, bool IsArray)> DetectAsync(Stream stream, CancellationToken cancellationToken)
    {
        var prefix = new MemoryStream();
        var buffer = new byte[256];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0) return (new ReplayStream(prefix.ToArray(), stream), true);
            prefix.Write(buffer, 0, read);
            foreach (var b in buffer.AsSpan(0, read))
            {
                // Skip whitespace and a UTF-8 byte order mark (EF BB BF).
                if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF) continue;
                return (new ReplayStream(prefix.ToArray(), stream), b == (byte)'[');
            }
        }
    }

    /// <summary>Reads <c>prefix</c> first, then the rest of <c>inner</c> (which it does not own).</summary>
    private sealed class ReplayStream(byte[] prefix, Stream inner) : Stream
    {
        private int position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (position < prefix.Length) return Replay(buffer);
            return inner.Read(buffer);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            position < prefix.Length ? ValueTask.FromResult(Replay(buffer.Span)) : inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Replay(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, prefix.Length - position);
            prefix.AsSpan(position, n).CopyTo(buffer);
            position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
