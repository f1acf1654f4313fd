namespace Dspy.Fluent.Tests;

/// <summary>The <c>Code</c> field type outside the golden vectors: spellings, a predictor run, structured output, refusals.</summary>
public sealed class CodeFieldTests
{
    [Theory]
    [InlineData("question -> code: Code", "Code")]
    [InlineData("snippet: Code['java'] -> complexity", "Code_java")]
    [InlineData("snippet: Code[\"java\"] -> complexity", "Code_java")]
    [InlineData("snippet: Code_java -> complexity", "Code_java")]
    [InlineData("snippet: Code['python'] -> complexity", "Code")]
    public void Every_spelling_reads_as_the_type_DSPy_prints_and_round_trips(string text, string printed)
    {
        var signature = Signature.Parse(text);
        var field = signature.Fields.Single(f => f.Type.ClrType == typeof(Code));

        Assert.Equal(printed, field.Type.PythonName);
        Assert.Equal(signature, Signature.Parse(signature.ToString()));
    }

    [Fact]
    public void Code_inside_a_container_is_refused_with_the_reason_and_the_alternative()
    {
        var error = Assert.Throws<NotSupportedException>(() => Signature.Parse("question -> steps: list[Code]"));

        Assert.Contains("list[Code] is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("docstring", error.Message, StringComparison.Ordinal);
        Assert.Contains("list[str]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_language_names_the_column()
    {
        var error = Assert.Throws<SignatureFormatException>(() => Signature.Parse("snippet: Code['c sharp'] -> x"));

        Assert.Contains("Code language", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_predictor_returns_the_code_without_its_fence()
    {
        var lm = ScriptedChatClient.RawInOrder("[[ ## code ## ]]\nSure:\n```python\nreturn sum(xs)\n```\n\n[[ ## completed ## ]]");
        var generate = Predict.Create("generate", "question -> code: Code");

        var result = await generate.RunAsync(Example.Create("question", "Sum a list."), new LMSettings { Client = lm }, TestContext.Current.CancellationToken);

        Assert.Equal(new Code("return sum(xs)"), result.Get<Code>("code"));
        Assert.Contains("Programming language: python", lm.Requests[0].Messages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_structured_output_schema_asks_for_dspy_Code_s_object_with_one_required_string()
    {
        var code = JsonAdapter.OutputSchema(Signature.Parse("question -> code: Code").WithFieldDescription("code", "The code to run")).GetProperty("properties").GetProperty("code");

        Assert.Equal("object", code.GetProperty("type").GetString());
        Assert.Equal("{\"code\":{\"type\":\"string\"}}", code.GetProperty("properties").GetRawText().Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal("[\"code\"]", code.GetProperty("required").GetRawText());
        Assert.False(code.GetProperty("additionalProperties").GetBoolean());
        Assert.Equal("The code to run", code.GetProperty("description").GetString());
    }

    [Fact]
    public void A_code_value_saves_as_its_text_and_reads_back_from_text_or_DSPy_s_object()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new Code("print(1)"));

        Assert.Equal("\"print(1)\"", json);
        Assert.Equal(new Code("print(1)"), System.Text.Json.JsonSerializer.Deserialize<Code>("\"```python\\nprint(1)\\n```\""));
        Assert.Equal(new Code("print(2)"), System.Text.Json.JsonSerializer.Deserialize<Code>("{\"code\": \"print(2)\"}"));
        Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<Code>("42"));
    }
}
