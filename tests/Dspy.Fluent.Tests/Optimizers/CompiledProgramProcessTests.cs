using System.Diagnostics;

namespace Dspy.Fluent.Tests;

public sealed class CompiledProgramProcessTests(RagFixture rag) : IClassFixture<RagFixture>
{
    [Fact]
    public async Task A_program_compiled_and_saved_here_gives_the_same_predictions_in_a_fresh_process()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(Path.GetTempPath(), $"dspy-compiled-{Guid.NewGuid():N}.json");
        var compiled = (await new BootstrapFewShot(Metrics.ExactMatch, new BootstrapFewShotOptions { MaxBootstrappedDemos = 3, MaxLabeledDemos = 3, Settings = RagFixture.Settings() })
            .CompileAsync(rag.Program, rag.Train, ct)).Program;
        await compiled.SaveAsync(path, ct);
        var here = new List<string>();
        foreach (var example in rag.Dev.Take(15))
            here.Add((await compiled.RunAsync(example.Inputs(), RagFixture.Settings(), ct)).GetText("answer").ReplaceLineEndings(" "));

        var host = ExampleProcess.BuiltDll("tests", "Dspy.Fluent.TestHost");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { host, path, "40", "15" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(ct);
        var error = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        File.Delete(path);

        Assert.True(process.ExitCode == 0, error);
        Assert.Equal(here, output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(compiled.State.Find("generate_answer")!.Demos, d => d.ContainsKey("augmented"));
    }
}
