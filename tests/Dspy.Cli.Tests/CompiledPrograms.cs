namespace Dspy.Cli.Tests;

/// <summary>
/// Two compiles of one retrieve-then-answer program with BootstrapFewShot on the offline SimulatedLM, differing only in
/// the optimizer's seed, saved to a temp folder. Compiled once per assembly: every test reads the same two files.
/// </summary>
public sealed class CompiledPrograms : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dspy-cli-tests-" + Guid.NewGuid().ToString("N"));

    public string First => Path.Combine(_folder, "seed1.json");

    public string Second => Path.Combine(_folder, "seed2.json");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var world = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 5, Questions = 30 });
        using var retriever = Bm25Retriever.Build(world.Corpus);
        var answer = Predict.ChainOfThought("generate_answer",
            Signature.Parse("context: list[str], question -> answer", "Answer questions with short factoid answers."));
        var program =
            from q in Programs.Input<Example>()
            from passages in retriever.Search(q.GetText("question"), k: 3)
            from a in answer.Call(Example.Create("context", passages.ToContext()).With("question", q["question"]))
            select a;
        var train = world.ToExamples().Take(20).ToList();
        foreach (var (seed, path) in new[] { (1, First), (2, Second) })
        {
            // One call at a time so the bootstrapped traces are found in the same order on every run (stable snapshot).
            var optimizer = new BootstrapFewShot(Metrics.ExactMatch, new BootstrapFewShotOptions
            {
                MaxBootstrappedDemos = 2, MaxLabeledDemos = 3, Seed = seed, Concurrency = 1, Settings = new LMSettings { Client = new SimulatedLM() },
            });
            var compiled = await optimizer.CompileAsync(program, train, TestContext.Current.CancellationToken);
            await compiled.Program.SaveAsync(path, TestContext.Current.CancellationToken);
        }
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
