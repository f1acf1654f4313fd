using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Dspy.Fluent.Internal;

/// <summary>The text an enum member is shown to the LM as: its <see cref="JsonStringEnumMemberNameAttribute"/> or its name.</summary>
internal static class EnumText
{
    private static readonly ConcurrentDictionary<Enum, string> Names = new();

    public static string Name(Enum value) => Names.GetOrAdd(value, static v =>
    {
        var name = v.ToString();
        var field = v.GetType().GetField(name, BindingFlags.Public | BindingFlags.Static);
        return field?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? name;
    });
}
