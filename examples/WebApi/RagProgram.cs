namespace Dspy.Fluent.Examples.WebApi;

/// <summary>The service's program: retrieve three passages of the synthetic world with BM25, then answer with chain of thought.</summary>
public static class RagProgram
{
    /// <summary>The seeded synthetic world the corpus and the training questions come from (fictional entities, so nothing is answered from memory).</summary>
    public static SyntheticWorld World() => SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 23, Questions = 160 });

    /// <summary>The uncompiled program. The service builds this shape and loads the compiled state into it; the two must match.</summary>
    /// <param name="retriever">The BM25 retriever over the world's corpus.</param>
    public static Program<Example, Prediction> Create(IRetriever retriever)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        var answer = Predict.ChainOfThought("generate_answer",
            Signature.Parse("context: list[str], question -> answer", "Answer questions with short factoid answers.")
                .WithFieldDescription("context", "may contain relevant facts").WithFieldDescription("answer", "often between 1 and 5 words"));
        return
            from q in Programs.Input<Example>()
            from passages in retriever.Search(q.GetText("question"), k: 3)
            from a in answer.Call(Example.Create("context", passages.ToContext()).With("question", q["question"]))
            select a;
    }

    /// <summary>
    /// Compiles the program with BootstrapFewShot on the first 40 questions of the world and saves it to <paramref name="path"/>:
    /// what <c>dotnet run -- compile</c> does, and what the tests do before starting the service.
    /// </summary>
    /// <param name="retriever">The retriever over <see cref="World"/>'s corpus; the compiled program keeps using it.</param>
    /// <param name="lm">The LM to compile with (the simulated LM offline).</param>
    /// <param name="path">Where to save the compiled state.</param>
    /// <param name="cancellationToken">Cancels the compile.</param>
    /// <returns>The compiled program.</returns>
    public static async Task<Program<Example, Prediction>> CompileAsync(IRetriever retriever, Microsoft.Extensions.AI.IChatClient lm, string path,
        CancellationToken cancellationToken = default)
    {
        var world = World();
        var optimizer = new BootstrapFewShot(Metrics.ExactMatch,
            new BootstrapFewShotOptions { MaxBootstrappedDemos = 3, MaxLabeledDemos = 3, Settings = new LMSettings { Client = lm } });
        var compiled = (await optimizer.CompileAsync(Create(retriever), [.. world.ToExamples().Take(40)], cancellationToken)).Program;
        await compiled.SaveAsync(path, cancellationToken);
        return compiled;
    }
}
