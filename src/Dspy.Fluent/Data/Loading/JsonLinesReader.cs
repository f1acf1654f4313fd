using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Dspy.Fluent;

/// <summary>Reads JSON lines one line at a time; a malformed line is a bad row, not the end of the file.</summary>
internal static class JsonLinesReader
{
    public const int BufferSize = 16 * 1024;

    public static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static async IAsyncEnumerable<SourceRow<JsonElement>> ReadAsync(Stream stream, string source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(new StrictUtf8Stream(stream, source), Encoding.UTF8, detectEncodingFromByteOrderMarks: true, BufferSize, leaveOpen: true);
        long line = 0, index = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            var where = new RowLocation(source, line, index++, RowShape.JsonLine);
            JsonDocument? document = null;
            RowProblem? problem = null;
            try
            {
                document = JsonDocument.Parse(text, DocumentOptions);
            }
            catch (JsonException e)
            {
                problem = new RowProblem(null, $"the line is not valid JSON: {Explain(e)}", "Fix the JSON on this line; each line must hold one JSON object");
            }
            if (document is null)
            {
                yield return new(default, where, problem);
                continue;
            }
            using (document) yield return new(document.RootElement, where, null);
        }
    }

    /// <summary>System.Text.Json's message without its zero-based position suffix, plus a one-based column.</summary>
    public static string Explain(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut];
        message = message.TrimEnd().TrimEnd('.');
        return e.BytePositionInLine is { } position ? $"{message} (at byte {position + 1} of the line)" : message;
    }
}
