using System.Text;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>Writes an <see cref="EvaluationResult"/> as JSON and reads it back: reading what was written gives an equal result.</summary>
/// <remarks>
/// <para>Format <c>dspy-fluent-evaluation/1</c>: snake_case keys; each row's example as <c>fields</c> plus the names of its
/// <c>inputs</c>; its prediction's fields; score, feedback, error, usage and elapsed time; and its LM calls with every
/// message and the reply. Message texts that occur more than once in the file (system prompts, demos) are stored once in
/// <c>shared_texts</c> and referenced by index, which keeps a 1,000-example report small.</para>
/// <para>Field values are written as JSON (records with snake_case properties) and read back as strings, numbers and
/// booleans, or as <see cref="System.Text.Json.JsonElement"/> for lists and objects; <see cref="FieldValues.Get{T}(string)"/>
/// converts them. Only the text of chat messages is kept (not images or tool calls). No API key is ever part of a result.</para>
/// </remarks>
/// <example>
/// <code>
/// await JsonReport.WriteAsync(result, "eval.json");
/// EvaluationResult again = await JsonReport.ReadAsync("eval.json");
/// </code>
/// </example>
public static class JsonReport
{
    /// <summary>The format name written in every report.</summary>
    public const string Format = "dspy-fluent-evaluation/1";

    /// <summary>The result as JSON text.</summary>
    /// <param name="result">The result.</param>
    /// <param name="indented">Whether to indent (larger, easier to read).</param>
    public static string ToJson(EvaluationResult result, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Encoding.UTF8.GetString(EvaluationJsonWriter.Write(result, indented));
    }

    /// <summary>Reads a result from JSON text written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="FormatException">The text is not a report of this format; the message says what was wrong where.</exception>
    public static EvaluationResult FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return EvaluationJsonReader.Read(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Writes the result to a JSON file (UTF-8, created or replaced).</summary>
    /// <param name="result">The result.</param>
    /// <param name="path">The file path; its folder is created if missing.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async Task WriteAsync(EvaluationResult result, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var bytes = EvaluationJsonWriter.Write(result, indented: false);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder) Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(path, bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a result from a JSON file written by <see cref="WriteAsync"/>.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="FormatException">The file is not a report of this format.</exception>
    public static async Task<EvaluationResult> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            return EvaluationJsonReader.Read(bytes);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }
}
