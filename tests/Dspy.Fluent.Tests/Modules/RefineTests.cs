using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

public sealed class RefineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static double OneWord(Example _, Prediction p) => p.GetText("answer").Split(' ').Length == 1 ? 1.0 : 0.0;

    private static bool IsAdvice(IReadOnlyList<ChatMessage> messages) => messages[0].Text!.Contains("assign blame", StringComparison.Ordinal);

    /// <summary>Answers verbosely until its prompt carries a hint; the advisor blames <c>qa</c>.</summary>
    private static ScriptedChatClient HintFollowingLM() => ScriptedChatClient.Answering(messages =>
        IsAdvice(messages)
            ? Replies.Of(("discussion", "qa answered with a sentence."), ("advice", "{\"qa\": \"Answer with a single word.\"}"))
            : messages[^1].Text!.Contains("[[ ## hint_ ## ]]", StringComparison.Ordinal)
                ? Replies.Of(("reasoning", "Short."), ("answer", "Brussels"))
                : Replies.Of(("reasoning", "Long."), ("answer", "It is Brussels")));

    [Fact]
    public async Task After_a_failed_attempt_the_advice_appears_in_the_next_attempt_s_prompt_as_a_hint()
    {
        var lm = HintFollowingLM();
        var qa = Predict.ChainOfThought("qa", "question -> answer");

        var result = await Refine.Create(qa, 3, OneWord, threshold: 1.0)
            .RunAsync(Example.Create("question", "Capital of Belgium?"), new LMSettings { Client = lm }, Ct);

        Assert.Equal("Brussels", result.GetText("answer"));
        var attempts = lm.Requests.Where(r => !IsAdvice(r.Messages)).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.DoesNotContain("hint_", attempts[0].System());
        Assert.Contains("2. `hint_` (str): A hint to the module from an earlier run", attempts[1].System());
        Assert.Contains("[[ ## hint_ ## ]]\nAnswer with a single word.", attempts[1].User());
        Assert.Equal(["0", "1"], attempts.Select(r => DspyChatOptions.GetRolloutId(r.Options)));
    }

    [Fact]
    public async Task The_advisor_sees_the_modules_inputs_trajectory_outputs_and_reward_as_DSPy_sends_them()
    {
        var lm = HintFollowingLM();
        var qa = Predict.ChainOfThought("qa", "question -> answer");

        await Refine.Create(qa, 2, OneWord, threshold: 1.0, new RefineOptions { RewardDescription = "1.0 for a one-word answer" })
            .RunAsync(Example.Create("question", "Capital of Belgium?"), new LMSettings { Client = lm }, Ct);

        var advice = lm.Requests.Single(r => IsAdvice(r.Messages)).User();
        Assert.Contains("[[ ## modules_defn ## ]]\n" + new string('-', 80) + "\nModule qa\n\tInput Fields:\n\t\t1. `question` (str):\n\tOutput Fields:\n\t\t1. `reasoning` (str): \n\t\t2. `answer` (str):\n" +
            "\tOriginal Instructions: \n\t\tGiven the fields `question`, produce the fields `answer`.\n" + new string('-', 80), advice);
        Assert.Contains("[[ ## program_inputs ## ]]\n{\n  \"question\": \"Capital of Belgium?\"\n}", advice);
        Assert.Contains("\"module_name\": \"qa\"", advice);
        Assert.Contains("[[ ## program_outputs ## ]]\n{\n  \"reasoning\": \"Long.\",\n  \"answer\": \"It is Brussels\"\n}", advice);
        Assert.Contains("[[ ## reward_code ## ]]\n1.0 for a one-word answer", advice);
        Assert.Contains("[[ ## target_threshold ## ]]\n1.0", advice);
        Assert.Contains("[[ ## reward_value ## ]]\n0.0", advice);
        Assert.Contains("[[ ## module_names ## ]]\n[\n  \"qa\"\n]", advice);
    }

    [Fact]
    public async Task The_trace_keeps_only_the_chosen_attempt_without_hint_or_advice_and_the_program_is_unchanged()
    {
        var lm = HintFollowingLM();
        var qa = Predict.ChainOfThought("qa", "question -> answer");
        var refined = Refine.Create(qa, 3, OneWord, threshold: 1.0);

        var outcome = await refined.TryRunAsync(Example.Create("question", "Capital of Belgium?"), new LMSettings { Client = lm }, Ct);
        var plain = await qa.RunAsync(Example.Create("question", "Capital of Belgium?"), new LMSettings { Client = lm }, Ct);

        var entry = Assert.Single(outcome.Trace);
        Assert.Equal("qa", entry.Name);
        Assert.DoesNotContain("hint_", entry.Inputs.Keys);
        Assert.Null(entry.Signature!.FindField("hint_"));
        Assert.Equal("Brussels", entry.Outputs.GetText("answer"));
        Assert.Equal(3, outcome.History.Count); // attempt, advice, attempt
        Assert.Equal("It is Brussels", plain.GetText("answer"));
        Assert.Equal(["qa"], refined.Predictors.Select(p => p.Name.Value));
    }

    [Fact]
    public async Task A_streamed_run_streams_the_attempts_but_not_the_advice()
    {
        var qa = Predict.ChainOfThought("qa", "question -> answer");
        var refined = Refine.Create(qa, 3, OneWord, threshold: 1.0);

        var updates = new List<StreamUpdate<Prediction>>();
        await foreach (var update in refined.StreamAsync(Example.Create("question", "Capital of Belgium?"), new LMSettings { Client = HintFollowingLM() }, Ct))
            updates.Add(update);

        Assert.Equal("Brussels", updates[^1].Output!.GetText("answer"));
        Assert.Equal(["qa"], updates.Where(u => !u.IsFinal).Select(u => u.Predictor).Distinct());
        Assert.Equal(["It is Brussels", "Brussels"], updates.Where(u => u.Field == "answer" && u.FieldCompleted).Select(u => (string)u.Value!));
    }
}
