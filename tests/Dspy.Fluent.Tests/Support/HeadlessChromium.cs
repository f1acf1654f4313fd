using System.Diagnostics;

namespace Dspy.Fluent.Tests;

/// <summary>Renders a page in headless Chromium (installed by .ci/run) and returns the DOM and the browser's log.</summary>
internal static class HeadlessChromium
{
    /// <summary>The browser on PATH, or null (tests skip with a reason then).</summary>
    public static string? Find() =>
        new[] { "chromium-headless-shell", "chromium", "chromium-browser", "google-chrome" }.Select(FindOnPath).FirstOrDefault(p => p is not null);

    public static async Task<(string Dom, string Log)> DumpDomAsync(string browser, string url, string folder, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(browser) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0", $"--user-data-dir={Path.Combine(folder, "profile")}",
            "--dump-dom", url,
        }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var dom = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var log = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (await dom, await log);
    }

    public static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    /// <summary>
    /// The rendered comparison table's scores: program name (the row's link text) to metric name (each score cell's
    /// <c>data-metric</c>) to the exact score (its <c>data-v</c>), in table order.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> ComparisonScores(string dom)
    {
        var start = dom.IndexOf("<table class=\"comparison\">", StringComparison.Ordinal);
        Assert.True(start >= 0, "the page has no comparison table");
        var table = dom[start..dom.IndexOf("</table>", start, StringComparison.Ordinal)];
        var body = table[table.IndexOf("<tbody>", StringComparison.Ordinal)..];
        var programs = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        foreach (System.Text.RegularExpressions.Match row in System.Text.RegularExpressions.Regex.Matches(body, "<tr>(.*?)</tr>", System.Text.RegularExpressions.RegexOptions.Singleline))
        {
            var name = System.Text.RegularExpressions.Regex.Match(row.Value, "<a [^>]*>([^<]*)</a>").Groups[1].Value;
            programs[System.Net.WebUtility.HtmlDecode(name)] = System.Text.RegularExpressions.Regex
                .Matches(row.Value, "<td class=\"score\" data-metric=\"([^\"]+)\" data-v=\"([^\"]+)\">")
                .ToDictionary(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value),
                    m => double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
        }
        return programs;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
