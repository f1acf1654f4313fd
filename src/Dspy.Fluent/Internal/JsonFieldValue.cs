using System.Text.Json;

namespace Dspy.Fluent.Internal;

/// <summary>
/// A field value read from JSON: strings, numbers and booleans become .NET values; lists and objects stay JSON, which
/// field accessors (<c>Get&lt;T&gt;</c>) convert on demand. One rule for every reader (saved states, reports, devsets).
/// </summary>
internal static class JsonFieldValue
{
    public static object? Read(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => value.TryGetInt64(out var l) ? (object)l : value.GetDouble(), // the cast keeps whole numbers long
        _ => value.Clone(),
    };
}
