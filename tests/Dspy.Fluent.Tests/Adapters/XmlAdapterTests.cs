using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

using Golden = AdapterGoldenTypes;

/// <summary>XmlAdapter beyond the DSPy vectors: replies it writes parse back, and each way a reply can fail says exactly why.</summary>
public sealed class XmlAdapterTests
{
    private static readonly Signature Typed = Signature.Parse(
        "question -> reasoning, answer: int, tags: list[str], people: list[Person], counts: dict[str, int], verdict: bool, note: Optional[str]",
        types: Golden.All);

    private static AdapterParseException Fails(string signature, string reply) =>
        Assert.Throws<AdapterParseException>(() => XmlAdapter.Default.Parse(Signature.Parse(signature, types: Golden.All), reply));

    [Fact]
    public void Replies_it_writes_parse_back_to_the_same_values()
    {
        var outputs = new Dictionary<string, object?>
        {
            ["reasoning"] = "a < b & b > c\nso \"a\" wins",
            ["answer"] = 42L,
            ["tags"] = new[] { "x & y", "<z>" },
            ["people"] = new[] { new Golden.Person("Ada", 36), new Golden.Person("Bo & Co", 5) },
            ["counts"] = new Dictionary<string, long> { ["a b"] = 1, ["c"] = 2 },
            ["verdict"] = true,
            ["note"] = null,
        };

        var parsed = XmlAdapter.Default.Parse(Typed, XmlAdapter.Default.FormatReply(Typed, outputs));

        Assert.Equal("a < b & b > c\nso \"a\" wins", parsed["reasoning"]);
        Assert.Equal(42L, parsed["answer"]);
        Assert.Equal(["x & y", "<z>"], Assert.IsAssignableFrom<IReadOnlyList<string>>(parsed["tags"]));
        Assert.Equal([new Golden.Person("Ada", 36), new Golden.Person("Bo & Co", 5)], Assert.IsAssignableFrom<IReadOnlyList<Golden.Person>>(parsed["people"]));
        Assert.Equal(1L, Assert.IsAssignableFrom<IReadOnlyDictionary<string, long>>(parsed["counts"])["a b"]);
        Assert.Equal(true, parsed["verdict"]);
        Assert.Null(parsed["note"]);
    }

    [Fact]
    public void A_demo_turn_parses_back_to_the_demo_outputs()
    {
        var signature = Signature.Parse("text -> owner: Owner, tree: Node", types: Golden.All);
        var owner = new Golden.Owner(new Golden.Person("Bo", 5), new Golden.Address("Lund", null), [new Golden.Person("Cy", 7)], Sentiment.Neutral, null);
        var tree = new Golden.Node(1, [new Golden.Node(2, []), new Golden.Node(3, [])]);
        var demo = Example.Create("text", "Bo owns a flat.").With("owner", owner).With("tree", tree);

        var messages = XmlAdapter.Default.Format(signature, [demo], Example.Create("text", "Dee owns a barn."));
        var parsed = XmlAdapter.Default.Parse(signature, messages[2].Text);

        Assert.Equal(ChatRole.Assistant, messages[2].Role);
        Assert.Equal(owner with { Others = ((Golden.Owner)parsed["owner"]!).Others }, parsed["owner"]);
        Assert.Equal([new Golden.Person("Cy", 7)], ((Golden.Owner)parsed["owner"]!).Others);
        Assert.Equal([2, 3], ((Golden.Node)parsed["tree"]!).Children.Select(c => c.Value));
    }

    [Fact]
    public async Task An_XML_reply_answers_a_predictor_that_uses_the_adapter()
    {
        var signature = Signature.Parse("question -> answer: int");
        var lm = ScriptedChatClient.RawInOrder(XmlAdapter.Default.FormatReply(signature, new Dictionary<string, object?> { ["answer"] = 4L }));
        var predictor = Predict.Create("adder", signature);

        var prediction = await predictor.RunAsync(Example.Create("question", "2 + 2?"), new LMSettings { Client = lm, Adapter = XmlAdapter.Default },
            TestContext.Current.CancellationToken);

        Assert.Equal(4L, prediction["answer"]);
        Assert.EndsWith("Respond with the corresponding output fields wrapped in XML tags `<answer>`.", lm.Requests[0].Messages[^1].Text);
    }

    [Fact]
    public async Task A_malformed_reply_is_re_asked_through_the_JSON_fallback()
    {
        var lm = ScriptedChatClient.RawInOrder("<answer>3 < 4</answer>", "{\"answer\": \"3 < 4\"}");
        var predictor = Predict.Create("compare", "question -> answer");

        var prediction = await predictor.RunAsync(Example.Create("question", "Is 3 less than 4?"),
            new LMSettings { Client = lm, Adapter = XmlAdapter.Default }, TestContext.Current.CancellationToken);

        Assert.Equal("3 < 4", prediction["answer"]);
        Assert.Equal(2, lm.CallCount);
        Assert.IsType<ChatResponseFormatJson>(lm.Requests[1].Options?.ResponseFormat);
    }

    [Fact]
    public void The_JSON_fallback_can_be_turned_off()
    {
        Assert.IsType<JsonAdapter>(XmlAdapter.Default.Fallback);
        Assert.Null(new XmlAdapter(useJsonFallback: false).Fallback);
    }

    [Fact]
    public void A_missing_field_names_expected_and_found_fields_and_keeps_the_reply()
    {
        const string reply = "<reasoning>Just thinking.</reasoning>";

        var error = Fails("question -> reasoning, answer", reply);

        Assert.Equal(ParseFailure.MissingFields, error.Failure);
        Assert.Equal(["answer"], error.MissingFields);
        Assert.Equal(reply, error.Reply);
        Assert.StartsWith("XmlAdapter could not parse the reply for 'question -> reasoning, answer': the reply lacks answer. " +
                          "Expected [reasoning, answer], found [reasoning].", error.Message);
        Assert.EndsWith("Reply:\n<reasoning>Just thinking.</reasoning>", error.Message);
    }

    [Fact]
    public void Tags_inside_a_wrapper_are_not_read_and_the_error_names_the_wrapper()
    {
        var error = Fails("question -> answer", "<response><answer>Paris</answer></response>");

        Assert.Equal(ParseFailure.MissingFields, error.Failure);
        Assert.Equal("only top-level tags are read; other top-level tags: <response>", error.Detail);
    }

    [Fact]
    public void A_reply_without_tags_is_unstructured()
    {
        var error = Fails("question -> answer", "Paris, of course.");

        Assert.Equal(ParseFailure.Unstructured, error.Failure);
        Assert.Equal("no XML tags", error.Detail);
    }

    [Theory]
    [InlineData("<answer>3 < 4</answer>", "malformed XML at line 1, column 11: '<' does not start a tag; write &lt; for a literal '<'")]
    [InlineData("<answer>Fish & chips</answer>", "malformed XML at line 1, column 14: '&' does not start an entity reference; write &amp; for a literal '&'")]
    [InlineData("<answer>a&nbsp;b</answer>", "malformed XML at line 1, column 10: undefined entity &nbsp; (XML defines only &amp; &lt; &gt; &quot; &apos; and numeric references like &#160;)")]
    [InlineData("<answer>\nParis\n</answr>", "malformed XML at line 3, column 1: </answr> does not close <answer> (opened at line 1, column 1)")]
    [InlineData("Here:\n  <answer>Paris", "malformed XML at line 2, column 3: <answer> is never closed")]
    [InlineData("<answer a='1' a='2'>x</answer>", "malformed XML at line 1, column 15: duplicate attribute 'a' on <answer>")]
    [InlineData("<ns:answer>x</ns:answer>", "malformed XML at line 1, column 1: unbound namespace prefix 'ns' in 'ns:answer'; declare it with xmlns:ns=\"…\" or drop the prefix")]
    [InlineData("</answer>", "malformed XML at line 1, column 1: </answer> closes a tag that was never opened")]
    [InlineData("<answer>x</answer>\n<!-- note", "malformed XML at line 2, column 1: a comment '<!--' is never closed with '-->'")]
    [InlineData("<?xml version=\"1.0\"?>\n<answer>x</answer>", "malformed XML at line 1, column 1: an XML declaration (<?xml …?>) is only allowed at the very start of a document; remove it from the reply")]
    public void A_reply_that_is_not_well_formed_XML_says_where_and_why(string reply, string detail)
    {
        var error = Fails("question -> answer", reply);

        Assert.Equal(ParseFailure.Malformed, error.Failure);
        Assert.Equal(detail, error.Detail);
        Assert.Equal(reply, error.Reply);
        Assert.Contains("Say in the instructions that text inside tags must escape & and < (as &amp; and &lt;)", error.Message);
    }

    [Fact]
    public void A_value_of_the_wrong_type_names_the_field_and_the_type()
    {
        var error = Fails("question -> answer: int", "<answer>forty-two</answer>");

        Assert.Equal(ParseFailure.WrongType, error.Failure);
        Assert.Equal("field 'answer' (int): 'forty-two' is not a whole number; expected e.g. 42.", error.Detail);
    }

    [Fact]
    public void A_wrong_value_deep_in_a_list_of_records_is_named_by_its_path()
    {
        var error = Fails("text -> people: list[Person]",
            "<people><item><name>Ada</name><age>36</age></item><item><name>Bo</name><age>old</age></item></people>");

        Assert.Equal(ParseFailure.WrongType, error.Failure);
        Assert.Equal("field 'people' (list[Person]): people[1].age: 'old' is not a whole number; expected e.g. 42.", error.Detail);
    }

    [Fact]
    public void A_record_property_left_out_is_named()
    {
        var error = Fails("text -> person: Person", "<person><name>Ada</name></person>");

        Assert.Equal("field 'person' (Person): <age> is missing; Person requires it.", error.Detail);
    }

    [Theory]
    [InlineData("q -> k: list[int]", "<k><item>1</item><item>x</item></k>", "field 'k' (list[int]): k[1]: 'x' is not a whole number; expected e.g. 42.")]
    [InlineData("q -> d: dict[str, int]", "<d><a>1</a><a>2</a></d>", "field 'd' (dict[str, int]): d.a: expected text for int, found 2 repeated tags.")]
    [InlineData("q -> p: Person", "<p><name>A</name><age><years>1</years></age></p>", "field 'p' (Person): p.age: expected text for int, found nested tags.")]
    [InlineData("q -> p: list[Person]", "<p><item>Ada</item></p>", "field 'p' (list[Person]): p[0]: expected one child tag per property for Person, found the text 'Ada'.")]
    [InlineData("q -> answer: int", "<answer>1</answer><answer>2</answer>", "field 'answer' (int): expected text for int, found 2 repeated tags.")]
    public void Values_that_do_not_fit_their_type_say_what_was_expected_and_found(string signature, string reply, string detail)
    {
        var error = Fails(signature, reply);

        Assert.Equal(ParseFailure.WrongType, error.Failure);
        Assert.Equal(detail, error.Detail);
    }

    [Fact]
    public void Enums_match_by_name_ignoring_case_like_the_ChatAdapter_where_DSPy_is_strict()
    {
        var signature = Signature.Parse("q -> mood: Sentiment", types: Golden.All);

        Assert.Equal(Sentiment.Negative, XmlAdapter.Default.Parse(signature, "<mood>negative</mood>")["mood"]);
    }

    [Fact]
    public void Markup_nested_deep_inside_a_text_field_comes_back_as_markup()
    {
        var inner = string.Concat(Enumerable.Repeat("<b>", 900)) + "x &amp; y" + string.Concat(Enumerable.Repeat("</b>", 900));

        var parsed = XmlAdapter.Default.Parse(Signature.Parse("q -> answer"), $"<answer>{inner}</answer>");

        Assert.Equal(inner, parsed["answer"]);
    }

    [Fact]
    public void A_reply_nested_too_deep_is_rejected_rather_than_exhausting_the_stack()
    {
        var reply = "<answer>" + string.Concat(Enumerable.Repeat("<b>", 50_000)) + "x" + string.Concat(Enumerable.Repeat("</b>", 50_000)) + "</answer>";

        var error = Fails("q -> answer", reply);

        Assert.Equal(ParseFailure.Malformed, error.Failure);
        Assert.Equal("malformed XML at line 1, column 3006: tags are nested more than 1000 deep", error.Detail);
    }
}
