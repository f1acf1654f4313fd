namespace Dspy.Fluent.Tests;

/// <summary>
/// JsonAdapter against DSPy 3.3.1's JSONAdapter on the shared vectors (Golden/json-adapter-*.json, from ../shared/dspy-golden):
/// messages byte for byte; parses to the same values, and an error wherever DSPy raised one.
/// </summary>
public sealed class JsonAdapterGoldenTests
{
    public static TheoryData<string> FormatCases() =>
        new(GoldenFiles.Load("json-adapter-format.json").EnumerateArray().Select(c => c.GetProperty("case").GetString()!));

    public static TheoryData<string> ParseCases() =>
        new(GoldenFiles.Load("json-adapter-parse.json").EnumerateArray().Select(c => c.GetProperty("case").GetString()!));

    [Theory]
    [MemberData(nameof(FormatCases))]
    public void Messages_match_DSPy_byte_for_byte(string caseName)
    {
        var golden = GoldenFiles.Case("json-adapter-format.json", caseName, "format", "json");
        var signature = AdapterGoldenTypes.SignatureOf(golden);

        var messages = JsonAdapter.Default.Format(signature,
            GoldenFiles.Demos(golden),
            GoldenFiles.ToExample(golden.GetProperty("inputs")));

        GoldenFiles.AssertSameMessages(golden, messages);
    }

    [Theory]
    [MemberData(nameof(ParseCases))]
    public void Parses_what_DSPy_parses_and_rejects_what_DSPy_rejects(string caseName)
    {
        var golden = GoldenFiles.Case("json-adapter-parse.json", caseName, "parse", "json");
        var signature = AdapterGoldenTypes.SignatureOf(golden);
        var completion = golden.GetProperty("completion").GetString()!;

        if (golden.TryGetProperty("error", out _))
        {
            // DSPy raises pydantic's ValidationError for a wrongly typed value; here it is an AdapterParseException (WrongType).
            GoldenFiles.AssertSameError(golden, Assert.Throws<AdapterParseException>(() => JsonAdapter.Default.Parse(signature, completion)));
            return;
        }
        var parsed = JsonAdapter.Default.Parse(signature, completion);
        Assert.Equal(golden.GetProperty("expected").EnumerateObject().Select(p => p.Name), parsed.Keys);
        foreach (var expected in golden.GetProperty("expected").EnumerateObject())
            Assert.Equal(AdapterGoldenTypes.ExpectedJson(expected.Value), AdapterGoldenTypes.Json(parsed[expected.Name]));
    }
}
