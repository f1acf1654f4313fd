namespace Dspy.Fluent;

/// <summary>
/// The workload DSPy's benchmark script uses (<c>shared/peers/dspy/bench_dspy.py</c>), so figures compare: example
/// <c>i</c> asks "What is the capital of Country{i}?" and is labelled <c>City{i}</c>; the metric is a strict exact match;
/// the programs are a one-step chain of thought and a two-step query-then-answer pipeline.
/// </summary>
internal static class Capitals
{
    /// <summary>Examples <paramref name="offset"/> … <paramref name="offset"/> + <paramref name="count"/> − 1, question marked as input.</summary>
    public static Example[] Examples(int count, int offset = 0)
    {
        var examples = new Example[count];
        for (var i = 0; i < count; i++)
            examples[i] = Example.Create("question", Question(offset + i)).With("answer", $"City{offset + i}").WithInputs("question");
        return examples;
    }

    public static string Question(int i) => $"What is the capital of Country{i}?";

    /// <summary>DSPy's <c>ChainOfThought("question -> answer")</c>.</summary>
    public static Predictor<Example, Prediction> ChainOfThought() => Predict.ChainOfThought("predict", "question -> answer");

    /// <summary>
    /// DSPy's <c>TwoStep</c>: <c>ChainOfThought("question -> query")</c>, then <c>ChainOfThought("context, question -> answer")</c>
    /// with the generated query as the context (no retriever).
    /// </summary>
    public static Program<Example, Prediction> TwoStep()
    {
        var generateQuery = Predict.ChainOfThought("generate_query", "question -> query");
        var generateAnswer = Predict.ChainOfThought("generate_answer", "context, question -> answer");
        return from input in Programs.Input<Example>()
               from query in generateQuery.Call(input)
               from answer in generateAnswer.Call(Example.Create("context", query["query"]).With("question", input["question"]))
               select answer;
    }

    /// <summary>Three LM steps composed with LINQ, for the composition micro benchmark.</summary>
    public static Program<Example, Prediction> ThreeStep()
    {
        var generateQuery = Predict.ChainOfThought("generate_query", "question -> query");
        var generateAnswer = Predict.ChainOfThought("generate_answer", "context, question -> answer");
        var summarize = Predict.Create("summarize", "question, answer -> summary");
        return from input in Programs.Input<Example>()
               from query in generateQuery.Call(input)
               from answer in generateAnswer.Call(Example.Create("context", query["query"]).With("question", input["question"]))
               from summary in summarize.Call(Example.Create("question", input["question"]).With("answer", answer["answer"]))
               select summary;
    }

    /// <summary>The program a workload names: <c>cot</c> or <c>two_step</c>.</summary>
    public static Program<Example, Prediction> Named(string name) => name switch
    {
        "cot" => ChainOfThought(),
        "two_step" => TwoStep(),
        _ => throw new ArgumentException($"Unknown program '{name}': use cot or two_step.", nameof(name)),
    };

    /// <summary>LM steps per example of a named program.</summary>
    public static int StepsOf(string name) => name == "cot" ? 1 : 2;

    /// <summary>The index <c>i</c> of <c>City{i}</c>, or −1.</summary>
    public static int IndexOf(string answer) =>
        answer.StartsWith("City", StringComparison.Ordinal) && int.TryParse(answer.AsSpan(4), out var i) ? i : -1;
}

/// <summary>DSPy's script's metric: <c>str(pred.answer).strip() == example.answer</c> (no normalisation).</summary>
internal sealed class StrictAnswerMatch() : Metric("exact_match")
{
    public static StrictAnswerMatch Instance { get; } = new();

    public override MetricResult Score(MetricContext context) =>
        context.Prediction.GetText("answer").Trim() == context.Example.GetText("answer") ? MetricResult.Pass : MetricResult.Fail;
}

/// <summary>
/// A strict metric that accepts one example in <paramref name="every"/> (exact match, and only for <c>City{i}</c> with
/// <c>i % every == every − 1</c>): it stands for a weak LM, so bootstrapping four demos has to go deep into the trainset,
/// which is where running teacher runs in parallel pays.
/// </summary>
internal sealed class RarelyPassing(int every) : Metric($"exact_match_1_in_{every}")
{
    public override MetricResult Score(MetricContext context)
    {
        var gold = context.Example.GetText("answer");
        return Capitals.IndexOf(gold) % every == every - 1 && context.Prediction.GetText("answer").Trim() == gold
            ? MetricResult.Pass : MetricResult.Fail;
    }
}
