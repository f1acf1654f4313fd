using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>Programs and an LM for the laws: predictors whose replies are a pure function of their input, so outputs can be compared.</summary>
public static class LawPrograms
{
    /// <summary>Three predictors, each with its own output field, so the LM can tell which one asks.</summary>
    public static readonly Predictor<Example, Prediction>[] Pool =
        [.. Enumerable.Range(0, 3).Select(i => Predict.Create($"step{i}", $"question -> a{i}"))];

    public static readonly Predictor<Example, Prediction> Qa = Predict.Create("qa", "question -> answer");

    public static readonly Predictor<Example, Prediction> Summarize = Predict.ChainOfThought("summarize", "text -> summary");

    /// <summary>A program with two predictors, for state laws.</summary>
    public static readonly Program<Example, Prediction> TwoPredictors = Qa.Zip(Summarize, (a, _) => a);

    /// <summary>Replies <c>i(question)</c> for the predictor whose output is <c>a{i}</c>.</summary>
    public static ScriptedChatClient Lm() => ScriptedChatClient.Answering(messages =>
    {
        var question = ScriptedChatClient.InputOf(messages, "question") ?? "";
        var system = messages[0].Text;
        var i = Enumerable.Range(0, Pool.Length).First(k => system.Contains($"[[ ## a{k} ## ]]", StringComparison.Ordinal));
        return new Dictionary<string, object?> { [$"a{i}"] = $"{i}({question})" };
    });

    /// <summary>The step for predictor <paramref name="index"/> on the text so far, yielding its output text.</summary>
    public static Step<string> StepOf(int index, string text) =>
        Pool[index].Call(Example.Create("question", text)).Select(p => p.GetText($"a{index}"));

    public static LMSettings Settings(IChatClient lm) => new() { Client = lm };
}
