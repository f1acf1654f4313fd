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
        var demos = golden.GetProperty("demos").EnumerateArray().Select(GoldenFiles.ToExample).ToList();
        var inputs = GoldenFiles.ToExample(golden.GetProperty("inputs"));

        var messages = ChatAdapter.Default.Format(signature, demos, inputs);

        var expected = golden.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(expected.Count, messages.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].GetProperty("role").GetString(), messages[i].Role.Value);
            Assert.Equal(expected[i].GetProperty("content").GetString(), messages[i].Text);
        }
        Assert.Equal(golden.GetProperty("effective_instructions").GetString(), signature.Instructions);
    }

    internal static string? NullableString(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();
}
