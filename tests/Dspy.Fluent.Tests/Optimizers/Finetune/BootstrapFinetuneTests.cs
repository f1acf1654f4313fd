using System.Text.Json;

namespace Dspy.Fluent.Tests;

/// <summary>BootstrapFinetune with the offline fine-tuner on the simulated world: the data's format and the gain.</summary>
public sealed class BootstrapFinetuneTests(PlainRagFixture rag) : IClassFixture<PlainRagFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly HashSet<string> Roles = ["system", "user", "assistant"];

    /// <summary>A prompt-optimized teacher: the plain program with bootstrapped demos.</summary>
    private async Task<Program<Example, Prediction>> TeacherAsync(LMSettings settings) =>
        (await new BootstrapFewShot(Metrics.ExactMatch, new BootstrapFewShotOptions { MaxBootstrappedDemos = 4, MaxLabeledDemos = 4, Settings = settings })
            .CompileAsync(rag.Program, rag.Train, Ct)).Program;

    [Fact]
    public async Task The_training_data_is_one_valid_OpenAI_chat_fine_tuning_example_per_line()
    {
        var lm = new SimulatedLM();
        var settings = new LMSettings { Client = lm };
        using var folder = new TempDirectory();
        var teacher = await TeacherAsync(settings);

        var result = await new BootstrapFinetune(Metrics.ExactMatch, new SimulatedFineTuner(lm), new BootstrapFinetuneOptions { Settings = settings, DataDirectory = folder.Path })
            .CompileAsync(rag.Program, rag.Train, new CompileOptions<Example, Prediction> { Teacher = teacher }, Ct);

        var lines = File.ReadAllLines(folder.File("simulated-reader-1.jsonl"));
        Assert.Equal(result.Report.Trials.Count(t => t.Phase == "teacher run" && t.Accepted), lines.Length);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            Assert.Equal(JsonValueKind.Object, root.ValueKind);
            Assert.Equal(["messages"], root.EnumerateObject().Select(p => p.Name));
            var messages = root.GetProperty("messages").EnumerateArray().ToList();
            Assert.True(messages.Count >= 3, line);
            foreach (var m in messages)
            {
                Assert.Equal(["role", "content"], m.EnumerateObject().Select(p => p.Name));
                Assert.Contains(m.GetProperty("role").GetString()!, Roles);
                Assert.False(string.IsNullOrWhiteSpace(m.GetProperty("content").GetString()));
            }
            Assert.Equal("system", messages[0].GetProperty("role").GetString());
            Assert.Equal("user", messages[^2].GetProperty("role").GetString());
            var reply = messages[^1];
            Assert.Equal("assistant", reply.GetProperty("role").GetString());
            Assert.StartsWith("[[ ## reasoning ## ]]\n", reply.GetProperty("content").GetString());
            Assert.EndsWith("[[ ## answer ## ]]", reply.GetProperty("content").GetString()!.Split("\n\n")[^2].Split('\n')[0]);
            Assert.EndsWith("[[ ## completed ## ]]\n", reply.GetProperty("content").GetString());
        }
    }

    [Fact]
    public async Task The_offline_fine_tune_improves_the_program_and_is_labelled_simulated()
    {
        var lm = new SimulatedLM();
        var settings = new LMSettings { Client = lm };
        var teacher = await TeacherAsync(settings);

        var result = await new BootstrapFinetune(Metrics.ExactMatch, new SimulatedFineTuner(lm), new BootstrapFinetuneOptions { Settings = settings })
            .CompileAsync(rag.Program, rag.Train, new CompileOptions<Example, Prediction> { Teacher = teacher }, Ct);

        var before = await rag.DevScore(rag.Program, settings);
        var after = await rag.DevScore(result.Program, settings);
        PlainRagFixture.Print("BootstrapFinetune (simulated fine-tune)", before, after, result.Report);
        var model = result.State.Find("generate_answer")!.Model!;
        Assert.StartsWith("ft:simulated-reader-1:simulated:", model);
        Assert.Empty(result.State.Find("generate_answer")!.Demos);
        Assert.True(lm.ProfileOf(model).Brevity > SimulatedLMProfile.Default.Brevity + 0.3);
        Assert.Contains(result.Report.Notes, n => n.StartsWith("SIMULATED fine-tune", StringComparison.Ordinal));
        Assert.True(after > before + 0.1, $"{before:P1} -> {after:P1}");
    }

    [Fact]
    public async Task The_same_seed_gives_byte_identical_state_and_another_seed_changes_it()
    {
        async Task<string> CompileAsync(int seed)
        {
            var lm = new SimulatedLM();
            var settings = new LMSettings { Client = lm };
            var train = rag.Train.Take(12).ToList();
            var teacher = (await new LabeledFewShot(new LabeledFewShotOptions { K = 4 }).CompileAsync(rag.Program, train, Ct)).Program;
            return (await new BootstrapFinetune(Metrics.ExactMatch, new SimulatedFineTuner(lm), new BootstrapFinetuneOptions { Settings = settings, Seed = seed })
                .CompileAsync(rag.Program, train, new CompileOptions<Example, Prediction> { Teacher = teacher }, Ct)).State.ToJson();
        }

        var first = await CompileAsync(4);

        Assert.Equal(first, await CompileAsync(4));
        Assert.NotEqual(first, await CompileAsync(5));
    }

    [Fact]
    public async Task No_passing_teacher_run_means_no_data_and_a_clear_error()
    {
        var never = Metrics.Create("never", (_, _) => 0);
        var lm = new SimulatedLM();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new BootstrapFinetune(never, new SimulatedFineTuner(lm), new BootstrapFinetuneOptions { Settings = new LMSettings { Client = lm } })
                .CompileAsync(rag.Program, rag.Train.Take(3).ToList(), Ct));

        Assert.Contains("no training data", error.Message);
        Assert.Contains("'never'", error.Message);
    }

    [Fact]
    public void The_simulated_fine_tuner_learns_short_answers_in_proportion_to_the_data()
    {
        FineTuneDataset Data(int n) => FineTuneDataset.FromChats(Enumerable.Range(0, n).Select(i => new[]
        {
            new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.User, $"[[ ## question ## ]]\nq{i}?"),
            new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.Assistant, $"[[ ## answer ## ]]\nParis\n\n[[ ## completed ## ]]\n"),
        }));

        var few = SimulatedFineTuner.Derive(SimulatedLMProfile.Default, Data(5));
        var many = SimulatedFineTuner.Derive(SimulatedLMProfile.Default, Data(60));

        Assert.InRange(few.Brevity, 0.3, 0.35);
        Assert.InRange(many.Brevity, 0.78, 0.8);
        Assert.True(many.FormatBreaks < few.FormatBreaks && few.FormatBreaks < SimulatedLMProfile.Default.FormatBreaks);
        Assert.Equal(SimulatedLMProfile.Default.Chaining, many.Chaining);
    }

    [Fact]
    public void Training_data_that_breaks_the_format_is_refused_with_the_line_number()
    {
        var error = Assert.Throws<FormatException>(() => FineTuneDataset.FromJsonl(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"ho\"}]}\n{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}\n"));

        Assert.Contains("Line 2", error.Message);
        Assert.Contains("assistant", error.Message);
    }
}
