namespace Dspy.Fluent.Tests;

/// <summary>A seeded synthetic world, BM25 over it, and a retrieve-then-answer program, shared by optimizer tests.</summary>
public sealed class RagFixture : IDisposable
{
    public RagFixture()
    {
        World = TestHost.SampleRag.World();
        Retriever = Bm25Retriever.Build(World.Corpus);
        var examples = World.ToExamples();
        Train = examples.Take(40).ToList();
        Dev = examples.Skip(40).Take(100).ToList();
        Program = TestHost.SampleRag.Create(Retriever);
    }

    public SyntheticWorld World { get; }

    public Bm25Retriever Retriever { get; }

    public IReadOnlyList<Example> Train { get; }

    public IReadOnlyList<Example> Dev { get; }

    public Program<Example, Prediction> Program { get; }

    public static LMSettings Settings() => new() { Client = new SimulatedLM() };

    public async Task<double> DevScore(Program<Example, Prediction> program) =>
        (await Evaluate.RunAsync(program, Dev, Metrics.ExactMatch, new EvaluateOptions { Settings = Settings(), KeepHistory = false },
            TestContext.Current.CancellationToken)).Score;

    public void Dispose() => Retriever.Dispose();
}
