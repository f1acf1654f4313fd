using System.Text.Json;

namespace Dspy.Fluent.Tests;

/// <summary>
/// XmlAdapter against what DSPy 3.3.1's own XMLAdapter did: the shared vectors (Golden/xml-adapter-*.json, from
/// ../shared/dspy-golden) and the extra ones of Golden/make_adapter_golden.py (adapter-golden-extra.json). Messages
/// must match byte for byte; parses must give the same values, and fail where DSPy fails, for the same kind of reason.
/// </summary>
public sealed class XmlAdapterGoldenTests
{
    private const string Extra = "adapter-golden-extra.json";

    public static TheoryData<string, string> FormatCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in GoldenFiles.Load("xml-adapter-format.json").EnumerateArray()) data.Add("xml-adapter-format.json", c.GetProperty("case").GetString()!);
        foreach (var c in GoldenFiles.Load(Extra).GetProperty("format").EnumerateArray()
                     .Where(c => c.GetProperty("adapter").GetString() == "xml" && !GoldenFiles.HoldsSpecialTypes(c)))
            data.Add(Extra, c.GetProperty("case").GetString()!);
        return data;
    }

    public static TheoryData<string, string> ParseCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in GoldenFiles.Load("xml-adapter-parse.json").EnumerateArray()) data.Add("xml-adapter-parse.json", c.GetProperty("case").GetString()!);
        foreach (var c in GoldenFiles.Load(Extra).GetProperty("parse").EnumerateArray()) data.Add(Extra, c.GetProperty("case").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(FormatCases))]
    public void Messages_match_DSPy_byte_for_byte(string file, string caseName)
    {
        var golden = GoldenFiles.Case(file, caseName, "format", "xml");
        var signature = AdapterGoldenTypes.SignatureOf(golden);
        var demos = GoldenFiles.Demos(golden);

        var messages = XmlAdapter.Default.Format(signature, demos, GoldenFiles.ToExample(golden.GetProperty("inputs")));

        GoldenFiles.AssertSameMessages(golden, messages);
    }

    [Theory]
    [MemberData(nameof(ParseCases))]
    public void Parses_what_DSPy_parses_and_rejects_what_DSPy_rejects(string file, string caseName)
    {
        var golden = GoldenFiles.Case(file, caseName, "parse", "xml");
        var signature = AdapterGoldenTypes.SignatureOf(golden);
        var completion = golden.GetProperty("completion").GetString()!;

        if (golden.TryGetProperty("error", out _))
        {
            var error = Assert.Throws<AdapterParseException>(() => XmlAdapter.Default.Parse(signature, completion));
            GoldenFiles.AssertSameError(golden, error);
            Assert.Equal("XmlAdapter", error.Adapter);
            if (golden.TryGetProperty("error_message", out var message)) Assert.Equal(FailureOf(message.GetString()!), FailureKind(error.Failure));
            return;
        }
        var parsed = XmlAdapter.Default.Parse(signature, completion);
        Assert.Equal(golden.GetProperty("expected").EnumerateObject().Select(p => p.Name), parsed.Keys);
        foreach (var expected in golden.GetProperty("expected").EnumerateObject())
            Assert.Equal(AdapterGoldenTypes.ExpectedJson(expected.Value), AdapterGoldenTypes.Json(parsed[expected.Name]));
    }

    // DSPy's three messages: "Failed to parse XML: …", "Failed to parse field …", or the missing-fields report.
    private static string FailureOf(string dspyMessage) =>
        dspyMessage.StartsWith("Failed to parse XML", StringComparison.Ordinal) ? "malformed"
        : dspyMessage.StartsWith("Failed to parse field", StringComparison.Ordinal) ? "type"
        : "missing";

    private static string FailureKind(ParseFailure failure) => failure switch
    {
        ParseFailure.Malformed => "malformed",
        ParseFailure.WrongType => "type",
        _ => "missing", // MissingFields, or Unstructured when the reply has no tags at all
    };
}
