namespace Dspy.Fluent.Orleans.Tests;

/// <summary>
/// The program the client and every silo build, from the same code: retrieve 3 passages from a seeded synthetic world,
/// answer with chain of thought. 340 questions: 40 to compile on, 300 to evaluate.
/// </summary>
public static class Rag
{
    private static readonly Lazy<(Bm25Retriever Retriever, IReadOnlyList<Example> Examples)> World = new(() =>
    {
        var world = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 23, Questions = 340 });
        return (Bm25Retriever.Build(world.Corpus), world.ToExamples());
    });

    public const string Name = "rag";

    public static IReadOnlyList<Example> Train => [.. World.Value.Examples.Take(40)];

    public static IReadOnlyList<Example> Dev => [.. World.Value.Examples.Skip(40).Take(300)];

    public static Program<Example, Prediction> Create() => Create("context: list[str], question -> answer");

    /// <summary>The same program with another answer signature: what a silo running another build would have.</summary>
    public static Program<Example, Prediction> Create(string signature)
    {
        var answer = Predict.ChainOfThought("generate_answer",
            Signature.Parse(signature, "Answer questions with short factoid answers.").WithFieldDescription("answer", "often between 1 and 5 words"));
        var retriever = World.Value.Retriever;
        return
            from q in Programs.Input<Example>()
            from passages in retriever.Search(q.GetText("question"), k: 3)
            from a in answer.Call(Example.Create("context", passages.ToContext()).With("question", q["question"]))
            select a;
    }

    /// <summary>What the in-process runs use: the simulated LM, no cache.</summary>
    public static LMSettings Settings() => new() { Client = new SimulatedLM() };
}
