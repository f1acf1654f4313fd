using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

// An MCP server over stdio with four tools: one that computes, one that looks up a fixed table, one whose every call
// is an MCP error result (isError: true), so the client side's error handling meets a real one, and one whose result
// holds no text (an image), as DSPy hands such results on whole.
var capitals = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
{
    ["France"] = "Paris",
    ["Japan"] = "Tokyo",
    ["Kenya"] = "Nairobi",
    ["Peru"] = "Lima",
};

var options = new McpServerOptions
{
    ServerInfo = new Implementation { Name = "dspy-fluent-test-server", Version = "1.0.0" },
    ToolCollection =
    [
        McpServerTool.Create(
            [Description("Adds two whole numbers and returns the sum.")] (int a, int b) => a + b,
            new McpServerToolCreateOptions { Name = "add" }),
        McpServerTool.Create(
            [Description("Returns the capital city of a country.")] ([Description("the country's English name")] string country) =>
                capitals.TryGetValue(country.Trim(), out var city) ? city : $"No capital is known for '{country}'.",
            new McpServerToolCreateOptions { Name = "capital_of" }),
        McpServerTool.Create(
            [Description("Reads a sensor; the sensor is offline, so every call fails.")] (string sensor) =>
                new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = $"sensor '{sensor}' is offline" }] },
            new McpServerToolCreateOptions { Name = "read_sensor" }),
        McpServerTool.Create(
            [Description("Takes a picture; the result has no text, only an image.")] () =>
                new CallToolResult { Content = [ImageContentBlock.FromBytes(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "image/png")] },
            new McpServerToolCreateOptions { Name = "snapshot" }),
    ],
};

await using var server = McpServer.Create(new StdioServerTransport(options), options);
await server.RunAsync();
