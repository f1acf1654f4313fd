using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Dspy.Fluent;

/// <summary>
/// What every loader shares: open a file lazily, convert each source row to an example, and send a row that cannot be
/// converted either to an exception or (with SkipBadRows) to the OnBadRow callback, so that no row is lost unseen.
/// </summary>
internal static class RowPipeline
{
    public static async IAsyncEnumerable<TOut> FromFile<TOut>(string path, Func<Stream, CancellationToken, IAsyncEnumerable<TOut>> read,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var item in read(stream, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
                yield return item;
        }
    }

    public static async IAsyncEnumerable<TOut> Convert<TIn, TOut>(IAsyncEnumerable<SourceRow<TIn>> rows, Func<TIn, RowLocation, TOut?> convert,
        bool skipBadRows, Action<BadRow>? onBadRow, [EnumeratorCancellation] CancellationToken cancellationToken) where TOut : class
    {
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            TOut? result = null;
            var problem = row.Problem;
            if (problem is null)
            {
                try
                {
                    result = convert(row.Value, row.Where);
                }
                catch (RowProblem p)
                {
                    problem = p;
                }
            }
            if (problem is not null)
            {
                var bad = row.Where.Bad(problem.Field, problem.Problem, problem.Advice, problem.Label);
                if (!skipBadRows) throw new DataFormatException(bad, canSkip: true);
                onBadRow?.Invoke(bad);
                continue;
            }
            // A converter returns null for rows it leaves out on purpose (e.g. a HotPotQA level that was not asked for).
            if (result is not null) yield return result;
        }
    }

    public static async Task<(List<T> Items, List<BadRow> Skipped)> CollectAsync<T>(Func<Action<BadRow>, IAsyncEnumerable<T>> read, Action<BadRow>? onBadRow,
        CancellationToken cancellationToken)
    {
        var items = new List<T>();
        var skipped = new List<BadRow>();
        await foreach (var item in read(bad => { skipped.Add(bad); onBadRow?.Invoke(bad); }).WithCancellation(cancellationToken).ConfigureAwait(false))
            items.Add(item);
        return (items, skipped);
    }

    /// <summary>A JSON object as an example: all its fields or just <see cref="DataLoadOptions.Fields"/>, inputs marked.</summary>
    public static Example FromJsonObject(JsonElement row, DataLoadOptions options, string container)
    {
        if (row.ValueKind != JsonValueKind.Object)
            throw new RowProblem(null, $"the row is {JsonValues.Describe(row.ValueKind)}, not an object",
                $"{container} must be a JSON object such as {{\"question\": \"...\", \"answer\": \"...\"}}");
        var entries = new List<KeyValuePair<string, object?>>();
        if (options.Fields is { } fields)
        {
            foreach (var field in fields)
                entries.Add(new(field, JsonValues.ToValue(Required(row, field))));
        }
        else
        {
            foreach (var property in row.EnumerateObject()) entries.Add(new(property.Name, JsonValues.ToValue(property.Value)));
        }
        foreach (var key in options.InputKeys) Required(row, key);
        return Example.From(entries).WithInputs(options.InputKeys);
    }

    private static JsonElement Required(JsonElement row, string field)
    {
        if (!row.TryGetProperty(field, out var value)) throw RowProblem.Missing(field);
        if (value.ValueKind == JsonValueKind.Null) throw RowProblem.Null(field);
        return value;
    }
}
