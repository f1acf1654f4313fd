using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Dspy.Fluent;

/// <summary>
/// Reads the elements of a top-level JSON array one at a time from a stream, holding only the current element (and one
/// read buffer) in memory, and knows the line each element starts on.
/// </summary>
/// <remarks>
/// <see cref="Utf8JsonReader"/> is a ref struct and cannot live across an await, so each buffer fill is parsed
/// synchronously by <see cref="Advance"/>, which hands back whole elements and the reader state to resume from.
/// An element cut off by the end of the buffer is re-read from its start once more bytes have arrived.
/// </remarks>
internal static class JsonArrayReader
{
    private const int InitialBufferSize = 16 * 1024;

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private enum Phase { BeforeArray, InArray, AfterArray }

    private sealed class Cursor
    {
        public JsonReaderState State = new(ReaderOptions);
        public Phase Phase;
        public long Index;
        public long LinesBefore;

        /// <summary>A syntax error found after some whole elements in the same buffer: thrown once those have been handed out.</summary>
        public DataFormatException? PendingError;
    }

    public static async IAsyncEnumerable<SourceRow<JsonElement>> ReadAsync(Stream stream, string source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[InitialBufferSize];
        int start = 0, end = 0;
        var eof = false;
        var bomChecked = false;
        var cursor = new Cursor();
        var ready = new List<(JsonDocument Document, long Line, long Index)>();
        try
        {
            while (true)
            {
                if (!eof)
                {
                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    if (end == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                    var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                    if (read == 0) eof = true;
                    else end += read;
                }
                if (!bomChecked)
                {
                    if (end - start < 3 && !eof) continue;
                    if (buffer.AsSpan(start, end - start).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) start += 3;
                    bomChecked = true;
                }

                start += Advance(buffer.AsSpan(start, end - start), eof, cursor, ready, source);
                for (var i = 0; i < ready.Count; i++)
                {
                    var (document, line, index) = ready[i];
                    using (document) yield return new(document.RootElement, new RowLocation(source, line, index, RowShape.JsonArrayElement), null);
                    ready[i] = default;
                }
                ready.Clear();
                if (cursor.PendingError is { } error) throw error;
                if (eof) yield break;
            }
        }
        finally
        {
            foreach (var (document, _, _) in ready) document?.Dispose();
        }
    }

    /// <summary>Parses as many whole tokens and elements as <paramref name="data"/> holds; returns the bytes consumed.</summary>
    private static int Advance(ReadOnlySpan<byte> data, bool final, Cursor cursor, List<(JsonDocument, long, long)> ready, string source)
    {
        var reader = new Utf8JsonReader(data, final, cursor.State);
        var consumed = 0;
        var countedTo = 0;
        var lines = cursor.LinesBefore;
        if (final && cursor.Phase == Phase.BeforeArray && data.Trim(" \t\r\n"u8).IsEmpty)
            throw Fatal(source, lines + 1 + data.Count((byte)'\n'), null, "the file is empty",
                "A JSON data file must hold one array of objects, e.g. [{\"question\": \"...\", \"answer\": \"...\"}]");
        try
        {
            while (reader.Read())
            {
                if (cursor.Phase == Phase.BeforeArray)
                {
                    if (reader.TokenType != JsonTokenType.StartArray)
                        throw Fatal(source, lines + 1 + data[..(int)reader.TokenStartIndex].Count((byte)'\n'), null,
                            $"the file does not hold a JSON array (it starts with {Describe(reader.TokenType)})",
                            "Put the rows inside [ ], or read one object per line with DataLoader.ReadJsonLinesAsync");
                    cursor.Phase = Phase.InArray;
                }
                else if (cursor.Phase == Phase.InArray && reader.TokenType == JsonTokenType.EndArray)
                {
                    cursor.Phase = Phase.AfterArray;
                }
                else if (cursor.Phase == Phase.InArray)
                {
                    var tokenStart = (int)reader.TokenStartIndex;
                    // False means the element runs past the buffer: stop before it and resume once more bytes are in.
                    if (!JsonDocument.TryParseValue(ref reader, out var document)) break;
                    lines += data[countedTo..tokenStart].Count((byte)'\n');
                    countedTo = tokenStart;
                    ready.Add((document, lines + 1, cursor.Index++));
                }
                consumed = (int)reader.BytesConsumed;
                cursor.State = reader.CurrentState;
            }
        }
        catch (JsonException e) when (ready.Count > 0)
        {
            cursor.PendingError = SyntaxError(e, cursor, source);
            return consumed;
        }
        catch (JsonException e)
        {
            throw SyntaxError(e, cursor, source);
        }
        if (final && cursor.Phase != Phase.AfterArray)
            throw Fatal(source, lines + 1 + data[countedTo..].Count((byte)'\n'), null, "the file ends before the JSON array is closed",
                "Check that the file was written completely; it must end with ']'");
        cursor.LinesBefore = lines + data[countedTo..consumed].Count((byte)'\n');
        return consumed;
    }

    private static DataFormatException SyntaxError(JsonException e, Cursor cursor, string source)
    {
        // The reader state carries its line count across buffers, so the exception's line is already absolute.
        var line = (e.LineNumber ?? 0) + 1;
        if (cursor.Phase == Phase.AfterArray)
            return Fatal(source, line, null, $"there is more after the closing ']' of the array: {JsonLinesReader.Explain(e)}",
                "Remove it; a JSON data file holds exactly one array", e);
        var element = cursor.Phase == Phase.InArray ? cursor.Index : (long?)null;
        return Fatal(source, line, element, $"the file is not valid JSON: {JsonLinesReader.Explain(e)}",
            "Fix the JSON there; a syntax error inside an array cannot be skipped, because the elements after it cannot be located", e);
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static DataFormatException Fatal(string source, long line, long? element, string problem, string advice, Exception? inner = null)
    {
        var where = element is { } i ? new RowLocation(source, line, i, RowShape.JsonArrayElement) : new RowLocation(source, line, 0, RowShape.File);
        return new DataFormatException(where.Bad(null, problem, advice), canSkip: false, inner);
    }
}
