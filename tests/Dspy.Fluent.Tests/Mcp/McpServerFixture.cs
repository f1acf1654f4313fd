using System.Reflection;
using ModelContextProtocol.Client;

namespace Dspy.Fluent.Tests;

/// <summary>The test MCP server (tests/Dspy.Fluent.McpServer) started as a real child process, with a client talking to it over its stdin/stdout.</summary>
public sealed class McpServerFixture : IAsyncLifetime
{
    public McpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var path = typeof(McpServerFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "McpServerPath").Value!;
        if (!File.Exists(path))
            throw new FileNotFoundException($"The test MCP server is not built at {path}; build tests/Dspy.Fluent.Tests (it builds the server first).", path);
        var transport = new StdioClientTransport(new StdioClientTransportOptions { Name = "test-server", Command = "dotnet", Arguments = [path] });
        Client = await McpClient.CreateAsync(transport, cancellationToken: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await Client.DisposeAsync();
}
