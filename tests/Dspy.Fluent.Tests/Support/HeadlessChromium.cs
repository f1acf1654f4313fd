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

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
