using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dspy.Fluent.Loopback;

/// <summary>How the server writes JSON: compact, and without escaping quotes or non-ASCII text, so bodies read like a real server's.</summary>
internal static class WireJson
{
    public static JsonSerializerOptions Options { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = false };
}
