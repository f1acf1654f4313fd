using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Feeds values straight into an incremental SHA-256, each tagged and length-prefixed so different sequences can never
/// hash alike. Text is encoded in small stack chunks: the hit path never materialises the conversation as JSON.
/// </summary>
/// <remarks>One instance per thread is reused (<see cref="Rent"/> / <see cref="FinishAndReturn"/>), as M.E.AI's own key hashing does.</remarks>
internal sealed class CacheKeyHasher : IDisposable
{
    [ThreadStatic] private static CacheKeyHasher? _cached;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public static CacheKeyHasher Rent()
    {
        var hasher = _cached ?? new CacheKeyHasher();
        _cached = null;
        return hasher;
    }

    /// <summary>The hex digest; resets the hasher and returns it to the thread's slot.</summary>
    public string FinishAndReturn()
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        _hash.GetHashAndReset(digest);
        _cached = this;
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>Disposes instead of returning (after an exception the state is unknown).</summary>
    public void Dispose() => _hash.Dispose();

    public void Tag(byte tag) => _hash.AppendData([tag]);

    public void Add(byte tag, string? text)
    {
        Tag(tag);
        if (text is null)
        {
            AddLength(-1);
            return;
        }
        AddLength(text.Length);
        Span<byte> buffer = stackalloc byte[1024];
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            // 300 chars encode to at most 900 bytes; a surrogate pair split at the chunk edge is carried to the next round.
            var chunk = rest[..Math.Min(rest.Length, 300)];
            Utf8.FromUtf16(chunk, buffer, out var read, out var written, replaceInvalidSequences: true, isFinalBlock: chunk.Length == rest.Length);
            if (read == 0) (read, written) = Fallback(rest, buffer);
            _hash.AppendData(buffer[..written]);
            rest = rest[read..];
        }
    }

    public void Add(byte tag, long? value)
    {
        Tag(tag);
        Span<byte> bytes = stackalloc byte[9];
        bytes[0] = value.HasValue ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt64LittleEndian(bytes[1..], value ?? 0);
        _hash.AppendData(bytes);
    }

    public void Add(byte tag, double? value) =>
        Add(tag, value.HasValue ? BitConverter.DoubleToInt64Bits(value.Value) : null);

    public void Add(byte tag, bool? value) => Add(tag, value.HasValue ? (value.Value ? 1L : 0L) : null);

    public void Add(byte tag, ReadOnlySpan<byte> bytes)
    {
        Tag(tag);
        AddLength(bytes.Length);
        _hash.AppendData(bytes);
    }

    public void Add(byte tag, JsonElement? element) => Add(tag, element?.GetRawText());

    /// <summary>Any value: text as itself, numbers invariantly, anything else as JSON (rare in DSPy requests).</summary>
    public void AddValue(byte tag, object? value)
    {
        switch (value)
        {
            case null: Add(tag, (string?)null); break;
            case string s: Add(tag, s); break;
            case JsonElement e: Add(tag, e.GetRawText()); break;
            case IFormattable f when value.GetType().IsPrimitive || value is decimal:
                Add(tag, value.GetType().Name + ":" + f.ToString(null, CultureInfo.InvariantCulture)); break;
            default:
                Add(tag, value.GetType().FullName);
                Add(tag, JsonSerializer.SerializeToUtf8Bytes(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(object))));
                break;
        }
    }

    private void AddLength(int length)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, length);
        _hash.AppendData(bytes);
    }

    /// <summary>A lone surrogate at a chunk edge: encode it on its own (as U+FFFD) so the loop always advances.</summary>
    private static (int Read, int Written) Fallback(ReadOnlySpan<char> rest, Span<byte> buffer)
    {
        Utf8.FromUtf16(rest[..1], buffer, out var read, out var written, replaceInvalidSequences: true, isFinalBlock: true);
        return (read, written);
    }
}
