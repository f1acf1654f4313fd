using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

public sealed class JsonAdapterTests
{
    private static readonly Signature Sig = Signature.Parse("question -> reasoning, answer: int");

    [Theory]
    [InlineData("{\"reasoning\": \"r\", \"answer\": 4}")]
    [InlineData("```json\n{\"reasoning\": \"r\", \"answer\": 4,}\n```")]
    [InlineData("Sure! Here it is: {\"reasoning\": \"r\", \"answer\": \"4\"} Hope that helps.")]
    [InlineData("{'reasoning': 'r', 'answer': 4}")]
    public void Parses_objects_with_fences_prose_trailing_commas_and_Python_quotes(string reply)
    {
        var parsed = JsonAdapter.Default.Parse(Sig, reply);

        Assert.Equal("r", parsed["reasoning"]);
        Assert.Equal(4L, parsed["answer"]);
    }

    [Fact]
    public void Asks_for_a_strict_schema_of_the_outputs()
    {
        var options = JsonAdapter.Default.ConfigureOptions(Sig, new ChatOptions());

        var format = Assert.IsType<ChatResponseFormatJson>(options.ResponseFormat);
        Assert.Equal(JsonAdapter.SchemaName, format.SchemaName);
        var schema = format.Schema!.Value;
        Assert.Equal(["reasoning", "answer"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.False(schema.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal("integer", schema.GetProperty("properties").GetProperty("answer").GetProperty("type").GetString());
    }

    [Fact]
    public void A_reply_without_an_object_is_unstructured_and_keeps_the_reply()
    {
        var error = Assert.Throws<AdapterParseException>(() => JsonAdapter.Default.Parse(Sig, "no json here"));

        Assert.Equal(ParseFailure.Unstructured, error.Failure);
        Assert.Equal("JsonAdapter", error.Adapter);
        Assert.Equal("no json here", error.Reply);
    }

    [Fact]
    public void A_missing_field_is_reported()
    {
        var error = Assert.Throws<AdapterParseException>(() => JsonAdapter.Default.Parse(Sig, "{\"reasoning\": \"r\"}"));

        Assert.Equal(["answer"], error.MissingFields);
    }

    [Fact]
    public void Replies_it_writes_parse_back_to_the_same_values()
    {
        var written = JsonAdapter.Default.FormatReply(Sig, new Dictionary<string, object?> { ["reasoning"] = "a \"quote\"\nline", ["answer"] = 12L });

        var parsed = JsonAdapter.Default.Parse(Sig, written);

        Assert.Equal("a \"quote\"\nline", parsed["reasoning"]);
        Assert.Equal(12L, parsed["answer"]);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(written).RootElement.ValueKind);
    }
}
