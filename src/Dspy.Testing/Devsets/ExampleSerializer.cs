using Dspy.Fluent.Internal;
using Xunit.Sdk;

namespace Dspy.Fluent;

/// <summary>Lets xunit serialize an <see cref="Example"/> (as JSON), so devset rows can be enumerated at discovery.</summary>
/// <remarks>Register it in the test assembly: <c>[assembly: RegisterXunitSerializer(typeof(ExampleSerializer), typeof(Example))]</c>.
/// Values come back as strings, numbers, booleans, or JSON for lists and objects; <see cref="FieldValues.Get{T}(string)"/> converts them.</remarks>
public sealed class ExampleSerializer : IXunitSerializer
{
    /// <inheritdoc />
    public bool IsSerializable(Type type, object? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? failureReason)
    {
        failureReason = type == typeof(Example) ? null : $"{nameof(ExampleSerializer)} serializes only {nameof(Example)}, not {type.FullName}.";
        return failureReason is null;
    }

    /// <inheritdoc />
    public string Serialize(object value) => ExampleJson.ToJson((Example)value);

    /// <inheritdoc />
    public object Deserialize(Type type, string serializedValue) => ExampleJson.FromJson(serializedValue);
}
