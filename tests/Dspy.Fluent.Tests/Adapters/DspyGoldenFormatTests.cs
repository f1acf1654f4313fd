using System.Text.Json;

namespace Dspy.Fluent.Tests;

/// <summary>Every message ChatAdapter builds equals, byte for byte, what DSPy 3.3.1's ChatAdapter built for the same input.</summary>
public sealed class DspyGoldenFormatTests
{
    public static TheoryData<string> Cases() =>
        new(GoldenFiles.Load("chat-adapter-format.json").EnumerateArray().Select(c => c.GetProperty("case").GetString()!));

    [Theory]
    [MemberData(nameof(Cases))]
    public void ChatAdapter_messages_match_DSPy_byte_for_byte(string caseName)
    {
        var golden = GoldenFiles.Load("chat-adapter-format.json").EnumerateArray().Single(c => c.GetProperty("case").GetString() == caseName);
        var signature = Signature.Parse(golden.GetProperty("signature").GetString()!, NullableString(golden, "instructions"));
        foreach (var d in golden.GetProperty("field_descriptions").EnumerateObject())
            signature = signature.WithFieldDescription(d.Name, d.Value.GetString());
        var demos = GoldenFiles.Demos(golden);
        var inputs = GoldenFiles.ToExample(golden.GetProperty("inputs"));

        var messages = ChatAdapter.Default.Format(signature, demos, inputs);

        GoldenFiles.AssertSameMessages(golden, messages);
        Assert.Equal(golden.GetProperty("effective_instructions").GetString(), signature.Instructions);
    }

    internal static string? NullableString(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();
}
