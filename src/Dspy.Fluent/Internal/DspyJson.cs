using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Dspy.Fluent.Internal;

/// <summary>
/// The one set of System.Text.Json options for values exchanged with an LM: snake_case properties, enums as names.
/// Every serialization of a field value goes through the helpers here, so one place decides where type metadata comes from.
/// </summary>
internal static class DspyJson
{
    public static readonly JsonSerializerOptions Options = Create();

    /// <summary>
    /// Whether System.Text.Json may build metadata by reflection. A trimmed or Native AOT publish turns the switch off
    /// (<c>JsonSerializerIsReflectionEnabledByDefault</c>), and the trimmer then removes every branch this guards; an app that
    /// sets it back to true opts into reflection over its own records and takes the trimming risk knowingly.
    /// </summary>
    internal static bool IsReflectionEnabled => JsonSerializer.IsReflectionEnabledByDefault;

    /// <summary>The suppression justification of every branch that runs only when <see cref="IsReflectionEnabled"/>.</summary>
    internal const string ReflectionOptIn =
        "Runs only when JsonSerializer.IsReflectionEnabledByDefault is true. A trimmed or Native AOT publish sets that feature switch to false " +
        "and the trimmer removes this branch; an app that sets it back to true has opted into reflection over its own types.";

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = ReflectionOptIn)]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = ReflectionOptIn)]
    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            PropertyNameCaseInsensitive = true,
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            AllowTrailingCommas = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            // The generated context answers for the built-in field shapes (str, int, float, bool, lists and dicts of them)
            // without reflection; user records and enums fall through to the reflection resolver where it exists.
            TypeInfoResolver = IsReflectionEnabled
                ? JsonTypeInfoResolver.Combine(DspyJsonContext.Default, new DefaultJsonTypeInfoResolver())
                : DspyJsonContext.Default,
        };
        // The non-generic enum converter makes a JsonStringEnumConverter<T> per enum at run time, which needs the JIT. Enum
        // fields themselves are parsed by name in ValueConverter; only an enum inside a record (reflection opted back in
        // under Native AOT) is then written as its number.
        if (IsReflectionEnabled && RuntimeFeature.IsDynamicCodeSupported) o.Converters.Add(new JsonStringEnumConverter());
        o.MakeReadOnly();
        return o;
    }

    public static JsonElement SerializeToElement(object? value, Type type) =>
        JsonSerializer.SerializeToElement(value, TypeInfo(type));

    public static JsonNode? SerializeToNode(object? value, Type type) =>
        JsonSerializer.SerializeToNode(value, TypeInfo(type));

    public static void Serialize(Utf8JsonWriter writer, object? value, Type type) =>
        JsonSerializer.Serialize(writer, value, TypeInfo(type));

    public static object? Deserialize(JsonElement element, Type type) =>
        element.Deserialize(TypeInfo(type));

    private static JsonTypeInfo TypeInfo(Type type)
    {
        if (Options.TryGetTypeInfo(type, out var info)) return info;
        throw new NotSupportedException(
            $"Dspy.Fluent cannot convert a {ValueConverter.Describe(type)} value to or from JSON in this app: reflection-based JSON is off " +
            "(a trimmed or Native AOT publish). Without it only the built-in field shapes are supported (str, int, float, bool, and lists " +
            "and dicts of them); use those in the signature, or set <JsonSerializerIsReflectionEnabledByDefault>true</JsonSerializerIsReflectionEnabledByDefault> " +
            "in the app's project to opt back into reflection over your own types.");
    }
}
