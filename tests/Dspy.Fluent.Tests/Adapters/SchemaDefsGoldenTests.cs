namespace Dspy.Fluent.Tests;

/// <summary>
/// Record types whose pydantic schema uses <c>"$defs"</c> and <c>"$ref"</c> (a list of records, nested, optional,
/// recursive and empty records, a dict of records, a list of enums): the schema notes ChatAdapter and JsonAdapter
/// write equal DSPy 3.3.1's byte for byte (vectors from Golden/make_adapter_golden.py).
/// </summary>
public sealed class SchemaDefsGoldenTests
{
    private const string File = "adapter-golden-extra.json";

    public static TheoryData<string, string> Cases() => new(
        GoldenFiles.Load(File).GetProperty("format").EnumerateArray()
            .Where(c => c.GetProperty("adapter").GetString() is "chat" or "json")
            .Where(c => !GoldenFiles.HoldsSpecialTypes(c))
            .Select(c => (c.GetProperty("case").GetString()!, c.GetProperty("adapter").GetString()!)));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Messages_match_DSPy_byte_for_byte(string caseName, string adapterName)
    {
        var golden = GoldenFiles.Case(File, caseName, "format", adapterName);
        var signature = AdapterGoldenTypes.SignatureOf(golden);
        IAdapter adapter = adapterName == "json" ? JsonAdapter.Default : ChatAdapter.Default;

        var messages = adapter.Format(signature,
            GoldenFiles.Demos(golden),
            GoldenFiles.ToExample(golden.GetProperty("inputs")));

        GoldenFiles.AssertSameMessages(golden, messages);
    }

    [Fact]
    public void A_list_of_records_puts_the_record_under_defs_and_refers_to_it()
    {
        var signature = Signature.Parse("text -> people: list[Person]", types: AdapterGoldenTypes.All);

        var schema = signature.OutputFields[0].Type.JsonSchema;

        Assert.StartsWith("{\"type\": \"array\", \"$defs\": {\"Person\": {\"type\": \"object\"", schema);
        Assert.EndsWith("\"items\": {\"$ref\": \"#/$defs/Person\"}}", schema);
    }
}
