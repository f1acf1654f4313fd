using System.Text.Json;

namespace Dspy.Fluent.Tests;

public sealed class ChatAdapterParseTests
{
    public static TheoryData<string> GoldenCases() =>
        new(GoldenFiles.Load("chat-adapter-parse.json").EnumerateArray().Select(c => c.GetProperty("case").GetString()!));

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Parses_what_DSPy_parses_and_rejects_what_DSPy_rejects(string caseName)
    {
        var golden = GoldenFiles.Load("chat-adapter-parse.json").EnumerateArray().Single(c => c.GetProperty("case").GetString() == caseName);
        var signature = Signature.Parse(golden.GetProperty("signature").GetString()!);
        var completion = golden.GetProperty("completion").GetString()!;

        if (golden.TryGetProperty("error", out _))
        {
            GoldenFiles.AssertSameError(golden, Assert.Throws<AdapterParseException>(() => ChatAdapter.Default.Parse(signature, completion)));
            return;
        }
        var parsed = ChatAdapter.Default.Parse(signature, completion);
        foreach (var expected in golden.GetProperty("expected").EnumerateObject())
            Assert.Equal(JsonSerializer.Serialize(expected.Value), JsonSerializer.Serialize(parsed[expected.Name]));
    }

    [Theory]
    [InlineData("int", "42", 42L)]
    [InlineData("int", " 7.0 ", 7L)]
    [InlineData("float", "3.25", 3.25)]
    [InlineData("bool", "True", true)]
    [InlineData("bool", "false", false)]
    [InlineData("bool", "yes", true)]
    [InlineData("Literal['yes', 'no']", "'no'", "no")]
    [InlineData("Literal['yes', 'no']", "Literal['yes']", "yes")]
    [InlineData("Optional[int]", "None", null)]
    [InlineData("Optional[int]", "5", 5L)]
    public void Scalar_values_convert_to_the_field_type(string type, string written, object? expected)
    {
        var sig = Signature.Parse($"q -> a: {type}");

        var parsed = ChatAdapter.Default.Parse(sig, $"[[ ## a ## ]]\n{written}\n\n[[ ## completed ## ]]");

        Assert.Equal(expected, parsed["a"]);
    }

    [Fact]
    public void Enums_match_by_name_ignoring_case_and_quotes()
    {
        var sig = Signature.Parse("q -> mood: Sentiment", types: [typeof(Sentiment)]);

        Assert.Equal(Sentiment.Negative, ChatAdapter.Default.Parse(sig, "[[ ## mood ## ]]\n\"negative\"")["mood"]);
    }

    [Fact]
    public void Lists_dicts_and_records_parse_from_JSON_with_small_repairs()
    {
        var sig = Signature.Parse("q -> tags: list[str], counts: dict[str, int], person: Person", types: [typeof(Person)]);
        const string reply = """
            [[ ## tags ## ]]
            ['a', 'b',]

            [[ ## counts ## ]]
            ```json
            {"x": 1, "y": 2}
            ```

            [[ ## person ## ]]
            {"first_name": "Ada", "age": 36, "tags": ["maths"], }

            [[ ## completed ## ]]
            """;

        var parsed = ChatAdapter.Default.Parse(sig, reply);

        Assert.Equal(["a", "b"], Assert.IsAssignableFrom<IReadOnlyList<string>>(parsed["tags"]));
        Assert.Equal(2L, Assert.IsAssignableFrom<IReadOnlyDictionary<string, long>>(parsed["counts"])["y"]);
        Assert.Equal(new Person("Ada", 36, ["maths"]) with { Tags = ((Person)parsed["person"]!).Tags }, parsed["person"]);
        Assert.Equal(["maths"], ((Person)parsed["person"]!).Tags);
    }

    [Fact]
    public void The_first_occurrence_of_a_field_wins_and_unknown_headers_are_ignored()
    {
        var sig = Signature.Parse("q -> answer");

        var parsed = ChatAdapter.Default.Parse(sig, "[[ ## note ## ]]\nignore\n[[ ## answer ## ]]\nfirst\n[[ ## answer ## ]]\nsecond");

        Assert.Equal("first", parsed["answer"]);
    }

    [Fact]
    public void A_missing_field_names_expected_and_found_fields_and_keeps_the_reply()
    {
        var sig = Signature.Parse("question -> reasoning, answer");
        const string reply = "[[ ## reasoning ## ]]\nJust thinking.\n\n[[ ## completed ## ]]";

        var error = Assert.Throws<AdapterParseException>(() => ChatAdapter.Default.Parse(sig, reply));

        Assert.Equal(ParseFailure.MissingFields, error.Failure);
        Assert.Equal(["reasoning", "answer"], error.ExpectedFields);
        Assert.Equal(["reasoning"], error.FoundFields);
        Assert.Equal(["answer"], error.MissingFields);
        Assert.Equal(reply, error.Reply);
        Assert.Contains("the reply lacks answer", error.Message);
        Assert.Contains("Just thinking.", error.Message);
    }

    [Fact]
    public void A_value_of_the_wrong_type_names_the_field_and_the_type()
    {
        var sig = Signature.Parse("question -> answer: int");

        var error = Assert.Throws<AdapterParseException>(() => ChatAdapter.Default.Parse(sig, "[[ ## answer ## ]]\nforty-two"));

        Assert.Equal(ParseFailure.WrongType, error.Failure);
        Assert.Contains("field 'answer' (int): 'forty-two' is not a whole number; expected e.g. 42.", error.Message);
    }

    [Fact]
    public void Garbage_is_reported_as_unstructured()
    {
        var error = Assert.Throws<AdapterParseException>(() => ChatAdapter.Default.Parse(Signature.Parse("q -> a"), "I think it is Paris."));

        Assert.Equal(ParseFailure.Unstructured, error.Failure);
        Assert.Contains("no [[ ## field ## ]] headers", error.Message);
    }
}
