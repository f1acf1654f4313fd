using System.Text;

namespace Dspy.Fluent;

/// <summary>
/// Passes a data file's bytes through unchanged and stops at the first byte that is not UTF-8, naming the file, line and
/// byte offset. StreamReader's UTF-8 decoder would silently turn such bytes into U+FFFD, so a devset saved in another
/// encoding loaded with corrupted text and nobody noticed.
/// </summary>
/// <remarks>A file that starts with a UTF-16 byte order mark is passed through unchecked: the reader decodes it as UTF-16.</remarks>
internal sealed class StrictUtf8Stream(Stream inner, string source) : Stream
{
    private readonly byte[] _carry = new byte[4]; // an incomplete sequence at the end of one read, finished by the next
    private int _carried;
    private long _offset; // file offset of the first byte not yet checked (the carry's first byte, when there is one)
    private long _line = 1;
    private bool _started, _unchecked;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Check(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Check(buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Check(ReadOnlySpan<byte> read)
    {
        if (!_started && read.Length > 0)
        {
            _started = true;
            _unchecked = read.Length >= 2 && ((read[0] == 0xFF && read[1] == 0xFE) || (read[0] == 0xFE && read[1] == 0xFF));
        }
        if (_unchecked) return;
        if (read.Length == 0)
        {
            if (_carried > 0) throw Invalid(_offset, "the file ends inside a multi-byte UTF-8 sequence");
            return;
        }
        ReadOnlySpan<byte> bytes = read;
        if (_carried > 0)
        {
            var joined = new byte[_carried + read.Length];
            _carry.AsSpan(0, _carried).CopyTo(joined);
            read.CopyTo(joined.AsSpan(_carried));
            bytes = joined;
            _carried = 0;
        }
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b < 0x80)
            {
                if (b == (byte)'\n') _line++;
                i++;
                continue;
            }
            switch (Rune.DecodeFromUtf8(bytes[i..], out _, out var consumed))
            {
                case System.Buffers.OperationStatus.Done:
                    i += consumed;
                    break;
                case System.Buffers.OperationStatus.NeedMoreData when bytes.Length - i < 4:
                    bytes[i..].CopyTo(_carry);
                    _carried = bytes.Length - i;
                    _offset += i;
                    return;
                default:
                    throw Invalid(_offset + i, $"byte 0x{b:X2} does not start a valid UTF-8 sequence");
            }
        }
        _offset += bytes.Length;
    }

    private DataFormatException Invalid(long offset, string what) =>
        new(new RowLocation(source, _line, 0, RowShape.File).Bad(null,
            $"the file is not valid UTF-8 at byte offset {offset} (line {_line}): {what}",
            "Save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8), or fix the damaged bytes; the loader does not guess an encoding"), canSkip: false);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
