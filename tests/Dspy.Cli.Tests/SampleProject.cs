using System.Text.Json;

namespace Dspy.Cli.Tests;

/// <summary>
/// tests/Dspy.Cli.Sample, the user's project that <c>dspy compile</c>/<c>dspy eval</c> run on, and train/dev files written from
/// the same seeded synthetic world its <c>rag</c> program retrieves from (seed 5, 30 questions: 20 train, 10 dev).
/// </summary>
public sealed class SampleProject : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "dspy-cli-sample-" + Guid.NewGuid().ToString("N"));

    public string Folder => _folder;

    public string ProjectFolder { get; } = Path.Combine(RepoRoot(), "tests", "Dspy.Cli.Sample");

    public string Train => Path.Combine(_folder, "train.jsonl");

    public string Dev => Path.Combine(_folder, "dev.jsonl");

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dspy.Fluent.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (Dspy.Fluent.sln) is not above the test binaries.");
    }

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var examples = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 5, Questions = 30 }).ToExamples();
        await File.WriteAllLinesAsync(Train, examples.Take(20).Select(Line), TestContext.Current.CancellationToken);
        await File.WriteAllLinesAsync(Dev, examples.Skip(20).Select(Line), TestContext.Current.CancellationToken);
    }

    private static string Line(Example example) => JsonSerializer.Serialize(example.ToDictionary(kv => kv.Key, kv => kv.Value));

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
