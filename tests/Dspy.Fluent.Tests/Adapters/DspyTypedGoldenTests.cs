using System.Text.Json;

namespace Dspy.Fluent.Tests;

/// <summary>The same types as Golden/make_typed_golden.py declares in Python.</summary>
public enum Sentiment { Positive, Negative, Neutral }

/// <summary>The pydantic model of Golden/make_typed_golden.py, as a C# record.</summary>
public sealed record Person(string FirstName, int Age, IReadOnlyList<string> Tags);

/// <summary>
/// Typed outputs (bool, enum, literal, list, record, float, dict), numbered list inputs, multi-line instructions and demos:
/// ChatAdapter and JsonAdapter messages equal DSPy's, byte for byte (vectors from Golden/make_typed_golden.py).
/// </summary>
public sealed class DspyTypedGoldenTests
{
    public static TheoryData<string, string> Cases() => new(
        GoldenFiles.Load("typed-golden.json").EnumerateArray()
            .Select(c => (c.GetProperty("case").GetString()!, c.GetProperty("adapter").GetString()!)));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Messages_match_DSPy_byte_for_byte(string caseName, string adapterName)
    {
        var golden = GoldenFiles.Load("typed-golden.json").EnumerateArray()
            .Single(c => c.GetProperty("case").GetString() == caseName && c.GetProperty("adapter").GetString() == adapterName);
        var signature = Signature.Parse(golden.GetProperty("signature").GetString()!,
            DspyGoldenFormatTests.NullableString(golden, "instructions"), [typeof(Sentiment), typeof(Person)]);
        foreach (var d in golden.GetProperty("field_descriptions").EnumerateObject())
            signature = signature.WithFieldDescription(d.Name, d.Value.GetString());
        IAdapter adapter = adapterName == "json" ? JsonAdapter.Default : ChatAdapter.Default;

        var messages = adapter.Format(signature,
            GoldenFiles.Demos(golden),
            GoldenFiles.ToExample(golden.GetProperty("inputs")));

        GoldenFiles.AssertSameMessages(golden, messages);
    }
}
