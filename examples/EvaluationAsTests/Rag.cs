namespace Dspy.Fluent.Examples.EvaluationAsTests;

/// <summary>The program under test: retrieve 3 passages from a seeded synthetic world, then answer with chain of thought.</summary>
public static class Rag
{
    /// <summary>The world (fictional entities: nothing can be answered from memory).</summary>
    public static SyntheticWorld World { get; } = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 5, Questions = 60 });

    /// <summary>BM25 over the world's passages.</summary>
    public static Bm25Retriever Retriever { get; } = Bm25Retriever.Build(World.Corpus);

    /// <summary>The first 20 questions, for compiling.</summary>
    public static IReadOnlyList<Example> Train { get; } = World.ToExamples().Take(20).ToList();

    /// <summary>The other 40, for evaluating.</summary>
    public static IReadOnlyList<Example> Dev { get; } = World.ToExamples().Skip(20).ToList();

    /// <summary>The uncompiled program.</summary>
    public static Program<Example, Prediction> Program { get; } = Create();

    /// <summary>The LM: the simulated stand-in (not a model), so the suite runs offline and deterministically.</summary>
    public static LMSettings Settings() => new() { Client = new SimulatedLM() };

    private static Program<Example, Prediction> Create()
    {
        var answer = Predict.ChainOfThought("generate_answer",
            Signature.Parse("context: list[str], question -> answer", "Answer questions with short factoid answers.")
                .WithFieldDescription("context", "may contain relevant facts")
                .WithFieldDescription("answer", "often between 1 and 5 words"));
        return
            from q in Programs.Input<Example>()
            from passages in Retriever.Search(q.GetText("question"), k: 3)
            from a in answer.Call(Example.Create("context", passages.ToContext()).With("question", q["question"]))
            select a;
    }
}
