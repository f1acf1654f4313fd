using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Dspy.Fluent.Tests;

/// <summary>
/// Starts a real <c>redis-server</c> on a free loopback port for the Redis cache tests (no persistence), and stops it
/// afterwards. When <c>redis-server</c> is not on PATH, <see cref="SkipReason"/> says so and the tests skip visibly.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private Process? _server;

    public string? SkipReason { get; private set; }

    public string Configuration { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var executable = FindOnPath("redis-server");
        if (executable is null)
        {
            SkipReason = "redis-server is not on PATH (CI installs it with apt-get in .ci/run; install the redis-server package to run these tests).";
            return;
        }
        var port = FreePort();
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes" })
            start.ArgumentList.Add(arg);
        _server = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        // Wait for the server's own readiness line instead of polling the port.
        string? line;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((line = await _server.StandardOutput.ReadLineAsync(timeout.Token)) is not null)
            if (line.Contains("Ready to accept connections", StringComparison.Ordinal)) break;
        if (line is null) throw new InvalidOperationException($"redis-server exited early: {await _server.StandardError.ReadToEndAsync()}");
        _ = _server.StandardOutput.ReadToEndAsync(); // keep draining so the server never blocks on a full pipe
        Configuration = $"127.0.0.1:{port}";
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }
        _server?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
