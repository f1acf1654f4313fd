using Dspy.Fluent;

namespace Dspy.Cli.Sample;

/// <summary>Programs marked for the dspy tool: retrieve-then-answer over a seeded synthetic world, and a plain predictor.</summary>
public static class SamplePrograms
{
    /// <summary>The synthetic world's seed; the tests write their train and dev files from the same world.</summary>
    public const int WorldSeed = 5;

    /// <summary>The questions generated for the world.</summary>
    public const int WorldQuestions = 30;

    /// <summary>Chain of thought over three BM25 passages, scored by exact match unless <c>--metric</c> says otherwise.</summary>
    [DspyProgram("rag", Metric = "exact_match", Inputs = "question")]
    public static Program<Example, Prediction> Rag()
    {
        var world = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = WorldSeed, Questions = WorldQuestions });
        var retriever = Bm25Retriever.Build(world.Corpus);
        var answer = Predict.ChainOfThought("generate_answer",
            Signature.Parse("context: list[str], question -> answer", "Answer questions with short factoid answers."));
        return
            from q in Programs.Input<Example>()
            from passages in retriever.Search(q.GetText("question"), k: 3)
            from a in answer.Call(Example.Create("context", passages.ToContext()).With("question", q["question"]))
            select a;
    }

    /// <summary>A predictor with no retrieval, named after its member.</summary>
    [DspyProgram]
    public static Program<Example, Prediction> Closed => Predict.Create("qa", "question -> answer");

    /// <summary>Exact match or an F1 of at least 0.5 on the answer.</summary>
    [DspyMetric("lenient")]
    public static IMetric Lenient() => Metrics.ExactMatchOrF1(0.5);
}
