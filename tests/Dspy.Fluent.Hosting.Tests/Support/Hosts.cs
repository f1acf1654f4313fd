using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dspy.Fluent.Hosting.Tests;

/// <summary>Generic hosts built from in-memory configuration only, so nothing on the machine (appsettings, DOTNET_/Dspy__ variables, OPENAI_API_KEY) leaks in.</summary>
public static class Hosts
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A host whose configuration is exactly <paramref name="settings"/>, logging every level to <paramref name="logs"/> when given.</summary>
    public static IHost Create(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection> services, CapturedLogs? logs = null, string? contentRoot = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = contentRoot ?? Path.GetTempPath() });
        builder.Configuration.AddInMemoryCollection(settings);
        if (logs is not null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(logs);
        }
        services(builder.Services);
        return builder.Build();
    }

    /// <summary>A folder of its own for one test, deleted on dispose.</summary>
    public static TempFolder TempFolder() => new();
}

/// <summary>A fresh temporary folder, deleted with everything in it on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("dspy-hosting-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A SQLite file still closing; the OS temp cleaner takes it.
        }
    }
}
