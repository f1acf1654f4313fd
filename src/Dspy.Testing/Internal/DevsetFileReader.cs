using System.Text.Json;

namespace Dspy.Fluent.Internal;

/// <summary>
/// Reads a devset file: JSON Lines (one object per line) or a JSON array of objects. Isolated so the library's
/// dataset loader can replace it.
/// </summary>
internal static class DevsetFileReader
{
    public static async Task<IReadOnlyList<Example>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        var start = text.AsSpan().TrimStart();
        return start.Length > 0 && start[0] == '[' ? ReadArray(path, text) : ReadLines(path, text);
    }

    private static List<Example> ReadArray(string path, string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
        using (document)
        {
            var examples = new List<Example>();
            var index = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                    throw new FormatException($"{path}: item {index} of the array is {item.ValueKind}, not an object with fields.");
                examples.Add(ExampleJson.FromObject(item));
                index++;
            }
            return examples;
        }
    }

    private static List<Example> ReadLines(string path, string text)
    {
        var examples = new List<Example>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                throw new FormatException($"{path}:{lineNumber}: not a JSON object: {e.Message}", e);
            }
            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                    throw new FormatException($"{path}:{lineNumber}: expected one JSON object per line, found {document.RootElement.ValueKind}.");
                examples.Add(ExampleJson.FromObject(document.RootElement));
            }
        }
        return examples;
    }
}
