using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>
/// The <c>Reasoning</c> field type (DSPy's <c>dspy.Reasoning</c>): prompted as <c>str</c>, as DSPy does, and filled from
/// the model's own reasoning when the request asks for native reasoning.
/// </summary>
public sealed class ReasoningFieldTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Replies with a reasoning part (when given) and the fields as text.</summary>
    private static FixedResponseClient ReasoningClient(string? reasoning, string text) =>
        reasoning is null ? new(new TextContent(text)) : new(new TextReasoningContent(reasoning), new TextContent(text));

    private static readonly Signature Typed = Signature.Parse("question -> reasoning: Reasoning, answer");

    [Fact]
    public void Prompts_show_it_as_str_exactly_as_a_str_field_and_the_signature_text_keeps_the_type()
    {
        var plain = Signature.Parse("question -> reasoning, answer");
        var inputs = new Dictionary<string, object?> { ["question"] = "2 + 2?" };

        Assert.Equal(ChatAdapter.Default.Format(plain, [], inputs).Select(m => m.Text), ChatAdapter.Default.Format(Typed, [], inputs).Select(m => m.Text));
        Assert.Equal("question -> reasoning: Reasoning, answer", Typed.ToString());
        Assert.Equal(Typed, Signature.Parse(Typed.ToString()));
        Assert.NotEqual(plain, Typed);
    }

    [Fact]
    public async Task With_native_reasoning_asked_for_the_field_leaves_the_prompt_and_comes_from_the_reply_s_reasoning()
    {
        var lm = ReasoningClient("2 and 2 make 4.", "[[ ## answer ## ]]\n4\n\n[[ ## completed ## ]]");
        var settings = new LMSettings { Client = lm, ChatOptions = new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low } } };

        var prediction = await Predict.Create("qa", Typed).RunAsync(Example.Create("question", "2 + 2?"), settings, Ct);

        Assert.Equal([("reasoning", (object?)"2 and 2 make 4."), ("answer", "4")], prediction.Select(kv => (kv.Key, kv.Value)));
        var prompt = string.Join("\n", lm.Requests[0].Messages.Select(m => m.Text));
        // As DSPy's signature.delete: the field goes, the instructions written when the signature was made stay.
        Assert.DoesNotContain("[[ ## reasoning ## ]]", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("`reasoning` (str)", prompt, StringComparison.Ordinal);
        Assert.Contains("1. `answer` (str)", prompt, StringComparison.Ordinal);
        Assert.Equal(ReasoningEffort.Low, lm.Requests[0].Options!.Reasoning!.Effort);
    }

    [Fact]
    public async Task A_reply_without_reasoning_content_leaves_the_field_null_as_DSPy_does()
    {
        var lm = ReasoningClient(null, "[[ ## answer ## ]]\n4\n\n[[ ## completed ## ]]");
        var settings = new LMSettings { Client = lm, ChatOptions = new ChatOptions { Reasoning = new ReasoningOptions() } };

        var prediction = await Predict.Create("qa", Typed).RunAsync(Example.Create("question", "2 + 2?"), settings, Ct);

        Assert.Null(prediction["reasoning"]);
        Assert.Equal("4", prediction["answer"]);
    }

    [Fact]
    public async Task Without_native_reasoning_or_with_effort_None_it_is_an_ordinary_text_field()
    {
        foreach (var options in new[] { null, new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.None } } })
        {
            var lm = ReasoningClient("ignored", "[[ ## reasoning ## ]]\nAdd them.\n\n[[ ## answer ## ]]\n4\n\n[[ ## completed ## ]]");

            var prediction = await Predict.Create("qa", Typed).RunAsync(Example.Create("question", "2 + 2?"), new LMSettings { Client = lm, ChatOptions = options }, Ct);

            Assert.Equal("Add them.", prediction["reasoning"]);
            Assert.Contains("[[ ## reasoning ## ]]", lm.Requests[0].Messages[0].Text, StringComparison.Ordinal);
        }
    }
}
