using System.Text.Json;

namespace Dspy.Fluent.Tests;

/// <summary>
/// The lenient JSON reader against json_repair itself (Golden/json-repair-golden.json, from make_json_repair_golden.py):
/// every common repair gives json_repair's value; where json_repair only guesses, a clear error instead.
/// </summary>
public sealed class JsonRepairTests
{
    private const string File = "json-repair-golden.json";

    /// <summary>Cases json_repair turns into a guess (often an empty string) and the error reported here instead.</summary>
    private static readonly Dictionary<string, string> Rejected = new()
    {
        ["garbage_word"] = "malformed JSON at line 1, column 1: no JSON object or list in the text",
        ["garbage_sentence"] = "malformed JSON at line 1, column 1: no JSON object or list in the text",
        ["garbage_words_with_commas"] = "malformed JSON at line 1, column 1: no JSON object or list in the text",
        ["key_without_colon"] = "malformed JSON at line 1, column 6: expected ':' after the key \"a\", found '1'",
        ["key_without_value"] = "malformed JSON at line 1, column 7: the key \"a\" has no value",
        ["key_only"] = "malformed JSON at line 1, column 5: expected ':' after the key \"a\", found '}'",
        ["colon_after_value"] = "malformed JSON at line 1, column 11: expected ',' or '}' after the value of \"a\", found ':'",
        ["cut_off_after_colon"] = "malformed JSON at line 1, column 6: the text ends before the value of \"a\"",
    };

    public static TheoryData<string> Repaired() => new(Names().Where(n => !Rejected.ContainsKey(n)));

    public static TheoryData<string> Guessed() => new(Names().Where(Rejected.ContainsKey));

    private static IEnumerable<string> Names() => GoldenFiles.Load(File).EnumerateArray().Select(c => c.GetProperty("case").GetString()!);

    private static JsonElement Case(string name) => GoldenFiles.Load(File).EnumerateArray().Single(c => c.GetProperty("case").GetString() == name);

    [Theory]
    [MemberData(nameof(Repaired))]
    public void Almost_JSON_reads_as_json_repair_reads_it(string caseName)
    {
        var golden = Case(caseName);

        var ok = JsonRepair.TryParse(golden.GetProperty("text").GetString()!, out var value, out var error);

        Assert.True(ok, error);
        Assert.True(SameValue(golden.GetProperty("json_repair"), value),
            $"json_repair: {golden.GetProperty("json_repair").GetRawText()}, here: {value.GetRawText()}");
    }

    [Theory]
    [MemberData(nameof(Guessed))]
    public void Where_json_repair_only_guesses_the_error_says_where_and_what_was_expected(string caseName)
    {
        var golden = Case(caseName);

        var ok = JsonRepair.TryParse(golden.GetProperty("text").GetString()!, out _, out var error);

        Assert.False(ok);
        Assert.Equal(Rejected[caseName], error);
    }

    [Fact]
    public void The_JSON_adapter_reads_unquoted_keys_and_single_quotes()
    {
        var parsed = JsonAdapter.Default.Parse(Signature.Parse("question -> answer, n: int"), "{answer: 'Paris', n: 4,}");

        Assert.Equal("Paris", parsed["answer"]);
        Assert.Equal(4L, parsed["n"]);
    }

    [Fact]
    public void The_JSON_adapter_reads_a_reply_cut_off_before_its_closing_brace()
    {
        var parsed = JsonAdapter.Default.Parse(Signature.Parse("question -> reasoning, answer"), "{\"reasoning\": \"short\", \"answer\": \"Paris\"");

        Assert.Equal("Paris", parsed["answer"]);
    }

    [Fact]
    public void An_object_that_cannot_be_read_is_malformed_with_the_position_and_the_reason()
    {
        const string reply = "Here you go:\n{\"answer\" \"Paris\"}";

        var error = Assert.Throws<AdapterParseException>(() => JsonAdapter.Default.Parse(Signature.Parse("question -> answer"), reply));

        Assert.Equal(ParseFailure.Malformed, error.Failure);
        Assert.Equal("malformed JSON at line 1, column 11: expected ':' after the key \"answer\", found '\"'", error.Detail);
        Assert.Equal(reply, error.Reply);
    }

    [Fact]
    public void A_reply_without_braces_is_still_unstructured()
    {
        var error = Assert.Throws<AdapterParseException>(() => JsonAdapter.Default.Parse(Signature.Parse("question -> answer"), "Paris."));

        Assert.Equal(ParseFailure.Unstructured, error.Failure);
        Assert.Equal("no JSON object in the reply", error.Detail);
    }

    [Fact]
    public void A_list_field_in_a_ChatAdapter_reply_gets_the_same_repairs()
    {
        var parsed = ChatAdapter.Default.Parse(Signature.Parse("q -> tags: list[str]"), "[[ ## tags ## ]]\n[alpha, 'beta' \"gamma\",]");

        Assert.Equal(["alpha", "beta", "gamma"], Assert.IsAssignableFrom<IReadOnlyList<string>>(parsed["tags"]));
    }

    [Fact]
    public void Values_nested_absurdly_deep_are_an_error_not_a_stack_overflow()
    {
        var text = new string('[', 100_000);

        var ok = JsonRepair.TryParse(text, out _, out var error);

        Assert.False(ok);
        Assert.Equal("malformed JSON at line 1, column 513: values nested more than 512 deep", error);
    }

    /// <summary>Equal JSON values, numbers compared by value (json_repair writes 1500.0 where the text said 1.5e3).</summary>
    private static bool SameValue(JsonElement a, JsonElement b) => (a.ValueKind, b.ValueKind) switch
    {
        (JsonValueKind.Number, JsonValueKind.Number) => a.GetDouble() == b.GetDouble(),
        (JsonValueKind.String, JsonValueKind.String) => a.GetString() == b.GetString(),
        (JsonValueKind.Array, JsonValueKind.Array) =>
            a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(p => SameValue(p.Item1, p.Item2)),
        (JsonValueKind.Object, JsonValueKind.Object) =>
            a.EnumerateObject().Select(p => p.Name).SequenceEqual(b.EnumerateObject().Select(p => p.Name)) &&
            a.EnumerateObject().All(p => SameValue(p.Value, b.GetProperty(p.Name))),
        var (x, y) => x == y,
    };
}
