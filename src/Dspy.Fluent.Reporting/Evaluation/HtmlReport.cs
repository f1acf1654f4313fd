using System.Text;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>Writes an <see cref="EvaluationResult"/> as one self-contained HTML file: summary, score histogram and a sortable table whose rows expand to their prompts and replies.</summary>
/// <remarks>
/// <para>No external resources: CSS, an SVG histogram and a small script are inline, so the file opens offline and can
/// be attached to a CI run. Every text from the result is HTML-escaped; prompt and reply texts travel in an inline
/// JSON block (with <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> escaped) and are shown with <c>textContent</c>, never as markup.</para>
/// <para>Size: message texts that repeat across rows (system prompts, demos) are stored once. A link to
/// <c>report.html#row-N</c> opens with the N-th table row expanded. When the LM was simulated
/// (<see cref="LMIdentity.IsStandIn"/>) the page says so at the top.</para>
/// </remarks>
/// <example>
/// <code>
/// await HtmlReport.WriteAsync(result, "artifacts/eval.html");
/// </code>
/// </example>
public static class HtmlReport
{
    /// <summary>The report as HTML text.</summary>
    /// <param name="result">The result.</param>
    public static string ToHtml(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return HtmlReportWriter.Write(result);
    }

    /// <summary>One page comparing several evaluations (e.g. one per program, named by their <see cref="EvaluationResult.Title"/>):
    /// a comparison table, then each result's summary, histogram and rows.</summary>
    /// <param name="results">The results, in the order to show them.</param>
    /// <param name="title">The page title.</param>
    public static string ToHtml(IReadOnlyList<EvaluationResult> results, string title)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        if (results.Count == 0) throw new ArgumentException("Give at least one evaluation result.", nameof(results));
        return HtmlReportWriter.Write(results, title);
    }

    /// <summary>Writes a page comparing several evaluations to a file (UTF-8, created or replaced).</summary>
    /// <param name="results">The results.</param>
    /// <param name="title">The page title.</param>
    /// <param name="path">The file path; its folder is created if missing.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static Task WriteAsync(IReadOnlyList<EvaluationResult> results, string title, string path, CancellationToken cancellationToken = default) =>
        Write(ToHtml(results, title), path, cancellationToken);

    /// <summary>Writes the report to a file (UTF-8, created or replaced).</summary>
    /// <param name="result">The result.</param>
    /// <param name="path">The file path; its folder is created if missing.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static Task WriteAsync(EvaluationResult result, string path, CancellationToken cancellationToken = default) =>
        Write(ToHtml(result), path, cancellationToken);

    private static async Task Write(string html, string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder) Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(path, html, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
    }
}
