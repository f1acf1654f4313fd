using System.ComponentModel;
using System.Text.Json;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent.Tests;

/// <summary>
/// The pydantic models of Golden/make_adapter_golden.py (and of the shared XMLAdapter vectors) as C# records, nested
/// here so their names (<c>Person</c>, <c>Node</c>…) match the Python class names without clashing with other tests' types.
/// </summary>
public static class AdapterGoldenTypes
{
    /// <summary><c>class Person(BaseModel): name: str; age: int = Field(description="Age in years")</c>.</summary>
    public sealed record Person(string Name, [property: Description("Age in years")] int Age);

    /// <summary><c>class Address(BaseModel): city: str; zip: Optional[str] = None</c>.</summary>
    public sealed record Address(string City, string? Zip);

    /// <summary>A record with nested records, a list of records, an enum and an optional record.</summary>
    [Description("An owner.")]
    public sealed record Owner(
        Person Person,
        [property: Description("Where they live")] Address Home,
        IReadOnlyList<Person> Others,
        Sentiment Mood,
        Address? Maybe);

    /// <summary>A recursive record.</summary>
    public sealed record Node(int Value, IReadOnlyList<Node> Children);

    /// <summary>A record without properties.</summary>
    public sealed record Empty;

    public static readonly Type[] All = [typeof(Person), typeof(Address), typeof(Owner), typeof(Node), typeof(Empty), typeof(Sentiment)];

    /// <summary>A golden case's signature: DSPy's string form, or the object form with inputs, outputs and models.</summary>
    public static Signature SignatureOf(JsonElement golden)
    {
        var instructions = golden.TryGetProperty("instructions", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
        var sig = golden.GetProperty("signature");
        var text = sig.ValueKind == JsonValueKind.String
            ? sig.GetString()!
            : $"{Fields(sig.GetProperty("inputs"))} -> {Fields(sig.GetProperty("outputs"))}";
        var signature = Signature.Parse(text, instructions, All);
        if (golden.TryGetProperty("field_descriptions", out var descriptions))
            foreach (var d in descriptions.EnumerateObject()) signature = signature.WithFieldDescription(d.Name, d.Value.GetString());
        return signature;
    }

    private static string Fields(JsonElement fields) =>
        string.Join(", ", fields.EnumerateObject().Select(f => $"{f.Name}: {f.Value.GetString()}"));

    /// <summary>A parsed value as JSON, the way the golden files write DSPy's (records by field, enums by value).</summary>
    public static string Json(object? value) => JsonSerializer.Serialize(value, DspyJson.Options);

    /// <summary>An expected value from a golden file; a pydantic model is written as <c>{"$type": …, "value": …}</c>.</summary>
    public static string ExpectedJson(JsonElement expected) =>
        JsonSerializer.Serialize(expected.ValueKind == JsonValueKind.Object && expected.TryGetProperty("$type", out _) ? expected.GetProperty("value") : expected,
            DspyJson.Options);
}
