namespace Dspy.Fluent.Tests;

/// <summary>
/// The seeded world and BM25 of <see cref="RagFixture"/>, with a retrieve-then-answer program whose answer step has the
/// default instructions and no field descriptions: the uncompiled program instruction optimizers start from.
/// </summary>
public sealed class PlainRagFixture : IDisposable
{
    public PlainRagFixture()
    {
        var world = TestHost.SampleRag.World();
        Retriever = Bm25Retriever.Build(world.Corpus);
        var examples = world.ToExamples();
        Train = examples.Take(40).ToList();
        Dev = examples.Skip(40).Take(100).ToList();
        var answer = Predict.ChainOfThought("generate_answer", "context: list[str], question -> answer");
        Program =
            from q in Programs.Input<Example>()
            from passages in Retriever.Search(q.GetText("question"), k: 3)
            from a in answer.Call(Example.Create("context", passages.ToContext()).With("question", q["question"]))
            select a;
    }

    public Bm25Retriever Retriever { get; }

    public IReadOnlyList<Example> Train { get; }

    public IReadOnlyList<Example> Dev { get; }

    public Program<Example, Prediction> Program { get; }

    public static LMSettings Settings() => new() { Client = new SimulatedLM() };

    public Task<double> DevScore(Program<Example, Prediction> program) => DevScore(program, Settings());

    public async Task<double> DevScore(Program<Example, Prediction> program, LMSettings settings) =>
        (await Evaluate.RunAsync(program, Dev, Metrics.ExactMatch, new EvaluateOptions { Settings = settings, KeepHistory = false },
            TestContext.Current.CancellationToken)).Score;

    /// <summary>Sends the figures of one compile to the test output: dev score before and after, LM calls, wall time.</summary>
    public static void Print(string what, double before, double after, OptimizerReport report)
    {
        var line = $"{what} (simulated LM): dev exact match {before:P1} -> {after:P1}; {report.LMCalls} LM calls " +
                   $"({report.ProposerLMCalls} proposing), {report.Elapsed.TotalSeconds:0.0} s; chose {report.Chosen}";
        TestContext.Current.SendDiagnosticMessage(line);
        TestContext.Current.TestOutputHelper?.WriteLine(line);
    }

    public void Dispose() => Retriever.Dispose();
}
