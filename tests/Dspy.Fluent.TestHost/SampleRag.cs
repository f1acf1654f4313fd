namespace Dspy.Fluent.TestHost;

/// <summary>The retrieve-then-answer program both the test process and this host build, so their shapes match.</summary>
public static class SampleRag
{
    /// <summary>The seeded world both processes generate.</summary>
    public static SyntheticWorld World() => SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 23, Questions = 160 });

    /// <summary>Retrieve 3 passages, then answer with chain of thought.</summary>
    public static Program<Example, Prediction> Create(IRetriever retriever)
    {
        var answer = Predict.ChainOfThought("generate_answer",
            Signature.Parse("context: list[str], question -> answer", "Answer questions with short factoid answers.")
                .WithFieldDescription("context", "may contain relevant facts").WithFieldDescription("answer", "often between 1 and 5 words"));
        return
            from q in Programs.Input<Example>()
            from passages in retriever.Search(q.GetText("question"), k: 3)
            from a in answer.Call(Example.Create("context", passages.ToContext()).With("question", q["question"]))
            select a;
    }
}
