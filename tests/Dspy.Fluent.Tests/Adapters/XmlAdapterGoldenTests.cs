using System.Text.Json;

namespace Dspy.Fluent.Tests;

/// <summary>
/// XmlAdapter against what DSPy 3.3.1's own XMLAdapter did: the shared vectors (Golden/xml-adapter-*.json, from
/// ../shared/dspy-golden) and the extra ones of Golden/make_adapter_golden.py (adapter-golden-extra.json). Messages
/// must match byte for byte.
/// </summary>
public sealed class XmlAdapterGoldenTests
{
    private const string Extra = "adapter-golden-extra.json";

    public static TheoryData<string, string> FormatCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in GoldenFiles.Load("xml-adapter-format.json").EnumerateArray()) data.Add("xml-adapter-format.json", c.GetProperty("case").GetString()!);
        foreach (var c in GoldenFiles.Load(Extra).GetProperty("format").EnumerateArray().Where(c => c.GetProperty("adapter").GetString() == "xml"))
            data.Add(Extra, c.GetProperty("case").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(FormatCases))]
    public void Messages_match_DSPy_byte_for_byte(string file, string caseName)
    {
        var golden = GoldenFiles.Case(file, caseName, "format", "xml");
        var signature = AdapterGoldenTypes.SignatureOf(golden);
        var demos = golden.GetProperty("demos").EnumerateArray().Select(GoldenFiles.ToExample).ToList();

        var messages = XmlAdapter.Default.Format(signature, demos, GoldenFiles.ToExample(golden.GetProperty("inputs")));

        var expected = golden.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(expected.Count, messages.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].GetProperty("role").GetString(), messages[i].Role.Value);
            Assert.Equal(expected[i].GetProperty("content").GetString(), messages[i].Text);
        }
    }
}
