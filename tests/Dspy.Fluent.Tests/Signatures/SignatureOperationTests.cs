using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Dspy.Fluent.Tests;

public sealed class SignatureOperationTests
{
    [Description("Answer questions with short factoid answers.")]
    public sealed record GenerateAnswer(
        [property: Description("may contain relevant facts")] IReadOnlyList<string> Context,
        string Question);

    public sealed record Answer([Description("often between 1 and 5 words")] string Text, int ConfidencePercent);

    public sealed record Renamed([property: JsonPropertyName("answer")] string Text);

    [Fact]
    public void From_records_uses_snake_case_names_descriptions_and_the_class_description_as_instructions()
    {
        var sig = Signature.From<GenerateAnswer, Answer>();

        Assert.Equal("GenerateAnswer", sig.Name);
        Assert.Equal("Answer questions with short factoid answers.", sig.Instructions);
        Assert.Equal(["context", "question", "text", "confidence_percent"], sig.Fields.Select(f => f.Name));
        Assert.Equal("may contain relevant facts", sig.InputFields[0].Description);
        Assert.Equal("often between 1 and 5 words", sig.OutputFields[0].Description);
        Assert.Equal("int", sig.OutputFields[1].Type.PythonName);
        Assert.Equal(typeof(int), sig.OutputFields[1].Type.ClrType);
    }

    [Fact]
    public void JsonPropertyName_overrides_the_field_name()
    {
        Assert.Equal("answer", Signature.From<GenerateAnswer, Renamed>().OutputFields[0].Name);
    }

    [Fact]
    public void Prepend_keeps_the_instruction_text_as_DSPy_does()
    {
        var sig = Signature.Parse("question -> answer");

        var cot = sig.Prepend(Field.Output("reasoning"));

        Assert.Equal(["question", "reasoning", "answer"], cot.Fields.Select(f => f.Name));
        Assert.Equal("Given the fields `question`, produce the fields `answer`.", cot.Instructions);
    }

    [Fact]
    public void Fluent_builders_keep_default_instructions_in_step_with_the_fields()
    {
        var sig = Signature.Create().WithInput("question").WithOutput("answer", "short");

        Assert.Equal("Given the fields `question`, produce the fields `answer`.", sig.Instructions);
        Assert.True(sig.HasDefaultInstructions);
        Assert.Equal("short", sig.OutputFields[0].Description);
    }

    [Fact]
    public void Insert_append_and_delete_return_new_signatures_and_leave_the_original_alone()
    {
        var original = Signature.Parse("a, c -> x");

        var inserted = original.Insert(1, Field.Input("b")).Append(Field.Output("y")).Delete("x");

        Assert.Equal(["a", "b", "c", "y"], inserted.Fields.Select(f => f.Name));
        Assert.Equal(["a", "c", "x"], original.Fields.Select(f => f.Name));
    }

    [Fact]
    public void Insert_with_a_negative_index_counts_from_the_end()
    {
        var sig = Signature.Parse("a, b -> x").Insert(-2, Field.Input("between"));

        Assert.Equal(["a", "between", "b", "x"], sig.Fields.Select(f => f.Name));
    }

    [Fact]
    public void Operations_on_unknown_or_existing_fields_say_which_fields_there_are()
    {
        var sig = Signature.Parse("question -> answer");

        var unknown = Assert.Throws<ArgumentException>(() => sig.WithFieldDescription("anwser", "x"));
        var duplicate = Assert.Throws<ArgumentException>(() => sig.Append(Field.Output("answer")));

        Assert.StartsWith("The signature 'question -> answer' has no field 'anwser'; its fields are question, answer.", unknown.Message);
        Assert.StartsWith("The signature 'question -> answer' already has a field 'answer'; pick another name.", duplicate.Message);
    }

    [Fact]
    public void Signatures_compare_by_value()
    {
        var a = Signature.Parse("question -> answer: int").WithFieldDescription("answer", "a number");
        var b = Signature.Parse("question->answer:int").WithFieldDescription("answer", "a number");

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b.WithInstructions("Count."));
        Assert.NotEqual(a, b.WithFieldDescription("answer", "another"));
    }

    [Fact]
    public void WithInstructions_null_restores_the_default()
    {
        var sig = Signature.Parse("q -> a", "Be brief.").WithInstructions(null);

        Assert.Equal("Given the fields `q`, produce the fields `a`.", sig.Instructions);
    }
}
