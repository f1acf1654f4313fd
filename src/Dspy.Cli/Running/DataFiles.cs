using Dspy.Fluent;

namespace Dspy.Cli.Running;

/// <summary>Reads <c>--data</c>: JSON Lines, a JSON array or CSV, chosen by the file's extension.</summary>
internal static class DataFiles
{
    public static async Task<IReadOnlyList<Example>> LoadAsync(string path, IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
            throw new ToolInputException($"--data {path}: no such file (full path {Path.GetFullPath(path)}). Pass a .jsonl, .json or .csv file of examples.");
        var options = new DataLoadOptions { InputKeys = inputs };
        DataLoadResult loaded;
        try
        {
            loaded = Path.GetExtension(path).ToLowerInvariant() switch
            {
                ".jsonl" => await DataLoader.LoadJsonLinesAsync(path, options, cancellationToken).ConfigureAwait(false),
                ".json" => await DataLoader.LoadJsonAsync(path, options, cancellationToken).ConfigureAwait(false),
                ".csv" => await DataLoader.LoadCsvAsync(path, options, cancellationToken).ConfigureAwait(false),
                var other => throw new ToolInputException($"--data {path}: unknown extension '{other}'; use .jsonl, .json or .csv."),
            };
        }
        catch (DataFormatException e)
        {
            throw new ToolInputException($"--data {path}: {e.Message}", e);
        }
        if (loaded.Examples.Count == 0) throw new ToolInputException($"--data {path}: the file has no examples.");
        return loaded.Examples;
    }
}
