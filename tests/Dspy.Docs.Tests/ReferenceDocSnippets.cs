// The regions are what a user types into a console app, where there is no TestContext token to pass on.
#pragma warning disable xUnit1051

using System.ComponentModel;
using System.Text.Json.Serialization;
using Dspy.Fluent.Orleans;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Hosting;

namespace Dspy.Docs.Tests;

#region readme-records
[Description("Answer questions with short factoid answers.")]
public sealed record GenerateAnswer([property: Description("may contain relevant facts")] IReadOnlyList<string> Context, string Question);
public sealed record Answer([property: JsonPropertyName("answer"), Description("often between 1 and 5 words")] string Text);
#endregion

/// <summary>A judge returned by a method, as docs/programs.md's rule for undeclared predictors describes.</summary>
public static class Judges
{
    private static readonly Predictor<Example, Prediction> Qa = Predict.Create("judge_qa", "answer -> verdict: bool");

    public static Predictor<Example, Prediction> For(string task) => task == "qa" ? Qa : throw new ArgumentException(task);
}

/// <summary>The program docs/scale-out.md registers on every silo and the client.</summary>
public static class RagProgram
{
    public static Program<Example, Prediction> Build(IServiceProvider services) =>
        Predict.ChainOfThought("generate_answer", "question -> answer");
}

/// <summary>
/// The C# blocks of README.md, docs/programs.md, docs/data-loading.md, docs/instruction-optimizers.md and
/// docs/scale-out.md: the ones that can run offline run on the SimulatedLM; the others (files, a fine-tuning endpoint,
/// a cluster) are compiled against the real API, so a renamed member breaks the build.
/// </summary>
public sealed class ReferenceDocSnippets
{
    [Fact]
    public async Task The_readme_program_compiles_saves_and_answers()
    {
        using IChatClient chatClient = new SimulatedLM();
        var world = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 3, Questions = 12 });
        using var retriever = Bm25Retriever.Build(world.Corpus);
        var trainset = world.ToExamples().ToList();
        var history = new LMHistory();
        using var scope = LMSettings.Use(new LMSettings { Client = chatClient, History = history });
        var saved = Path.Combine(Path.GetTempPath(), $"readme-{Guid.NewGuid():N}");
        Directory.CreateDirectory(saved);
        var here = Environment.CurrentDirectory;
        Environment.CurrentDirectory = saved;
        try
        {
            #region readme-rag
            var generateAnswer = Predict.ChainOfThought<GenerateAnswer, Answer>("generate_answer");
            Program<string, string> rag =
                from question in Programs.Input<string>()
                from passages in retriever.Search(question, k: 3)
                from answer in generateAnswer.Call(new GenerateAnswer(passages.ToContext(), question))
                select answer.Text;

            var compiled = (await new BootstrapFewShot(Metrics.ExactMatch).CompileAsync(rag, trainset)).Program;
            await compiled.SaveAsync("rag.compiled.json");
            var text = await compiled.RunAsync("Where was Ada Lovelace born?", new LMSettings { Client = chatClient });
            #endregion

            Assert.Equal(["generate_answer"], rag.Predictors.Select(p => p.Name.ToString()));
            Assert.True(File.Exists(Path.Combine(saved, "rag.compiled.json")));
            Assert.False(string.IsNullOrWhiteSpace(text));
            // The records' descriptions reach the prompt (the compile's calls ran in the scope that keeps history).
            Assert.Contains("2. `answer` (str): often between 1 and 5 words", history.Calls[0].Messages[0].Text);
        }
        finally
        {
            Environment.CurrentDirectory = here;
            Directory.Delete(saved, recursive: true);
        }
    }

    [Fact]
    public void The_programs_doc_declares_captured_predictors_and_the_judge_it_uses()
    {
        var world = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 3, Questions = 4 });
        using var retriever = Bm25Retriever.Build(world.Corpus);

        #region programs-declared
        var answer = Predict.ChainOfThought("generate_answer", "context: list[str], question -> answer");
        var rag =
            from q in Programs.Input<Example>()
            from passages in retriever.Search(q.GetText("question"), k: 3)
            from a in answer.Call(Example.Create("context", passages.ToContext()).With("question", q["question"]))
            select a;
        // rag.Predictors: [generate_answer], before any run.

        var judged = rag.Bind(a => Judges.For("qa").Call(a.ToExample())).Uses(Judges.For("qa")); // returned by a method: declare it
        #endregion

        Assert.Equal(["generate_answer"], rag.Predictors.Select(p => p.Name.ToString()));
        Assert.Equal(["generate_answer", "judge_qa"], judged.Predictors.Select(p => p.Name.ToString()).Order());
    }

    /// <summary>docs/data-loading.md: compiled only (it reads the user's files).</summary>
    internal static async Task DataLoading()
    {
        #region data-loading
        var options = new DataLoadOptions { InputKeys = ["question"], Fields = ["question", "answer"] };

        // Streaming: one row in memory at a time.
        await foreach (Example e in DataLoader.ReadJsonLinesAsync("train.jsonl", options)) Console.WriteLine(e["question"]);

        // Whole file, with every skipped row listed.
        DataLoadResult loaded = await DataLoader.LoadCsvAsync("dev.csv", options with { SkipBadRows = true });
        foreach (BadRow bad in loaded.Skipped) Console.WriteLine(bad.Message);

        // HotPotQA's own files: examples and the corpus of context paragraphs.
        HotPotQAData hotpot = await HotPotQA.LoadAsync("hotpot_dev_distractor_v1.json", new HotPotQAOptions { Levels = ["hard"] });

        // Seeded shuffle and splits.
        DatasetSplits<Example> splits = Dataset.Split(loaded.Examples, new DatasetSplitOptions { Seed = 1, TrainSize = 20, DevSize = 50 });
        #endregion
        GC.KeepAlive(hotpot);
        GC.KeepAlive(splits);
    }

    /// <summary>docs/instruction-optimizers.md: compiled only (BootstrapFinetune needs a fine-tuning endpoint).</summary>
    internal static async Task InstructionOptimizers(IMetric metric, IMetric metricWithFeedback, Uri url, string key,
        Program<Example, Prediction> program, IReadOnlyList<Example> trainset, IReadOnlyList<Example> valset)
    {
        #region instruction-optimizers
        var copro  = new COPRO(metric, new COPROOptions { Breadth = 10, Depth = 3, InitTemperature = 1.4f, Seed = 0 });
        var mipro  = new MIPROv2(metric, new MIPROv2Options { Auto = MIPROv2Preset.Light });            // demos + instructions
        var zero   = new MIPROv2(metric, new MIPROv2Options { MaxBootstrappedDemos = 0, MaxLabeledDemos = 0 }); // instructions only
        var gepa   = new GEPA(metricWithFeedback, new GEPAOptions { MaxMetricCalls = 500 });           // or Auto / MaxFullEvals
        var tune   = new BootstrapFinetune(metric, new OpenAIFineTuner(new() { Endpoint = url, ApiKey = key }));
        var result = await mipro.CompileAsync(program, trainset, new CompileOptions<Example, Prediction> { Valset = valset });
        Console.WriteLine(result.Report);   // chosen, baseline -> score, trials, LM calls (proposing), tokens, cost, time
        #endregion
        GC.KeepAlive((copro, zero, gepa, tune));
    }

    /// <summary>docs/instruction-optimizers.md, SIMBA, InferRules and BetterTogether: compiled only (the tests in
    /// tests/Dspy.Fluent.Tests/Optimizers/Search run each on the simulated world).</summary>
    internal static async Task SearchOptimizers(IMetric metric, IFineTuner tuner,
        Program<Example, Prediction> program, IReadOnlyList<Example> trainset, IReadOnlyList<Example> valset)
    {
        #region search-optimizers
        var simba = new SIMBA(metric, new SIMBAOptions { BatchSize = 32, NumCandidates = 6, MaxSteps = 8, MaxDemos = 4 });
        var rules = new InferRules(metric, new InferRulesOptions { NumCandidates = 10, NumRules = 10 });
        var together = new BetterTogether(metric, new Dictionary<string, IOptimizer>
        {
            ["p"] = new BootstrapFewShotWithRandomSearch(metric),     // prompt optimization
            ["w"] = new BootstrapFinetune(metric, tuner),              // weight optimization
        }, new BetterTogetherOptions { Strategy = "p -> w -> p" });
        var gepa = new GEPA(metric, new GEPAOptions { MaxMetricCalls = 500, UseMerge = true, MaxMergeInvocations = 5 }); // DSPy's defaults
        var result = await together.CompileAsync(program, trainset, new CompileOptions<Example, Prediction> { Valset = valset });
        foreach (var step in result.Report.Lineage) Console.WriteLine(step);   // "p: 40.0 %", "p -> w: 40.0 %", ...
        #endregion
        GC.KeepAlive((simba, rules, gepa));
    }

    /// <summary>docs/scale-out.md's setup: compiled only (it needs Redis and a cluster; tests/Dspy.Fluent.Orleans.Tests runs one).</summary>
    internal static async Task ScaleOut(HostApplicationBuilder builder, string redis, IClusterClient clusterClient,
        Program<Example, Prediction> rag, IReadOnlyList<Example> devset, IReadOnlyList<Example> trainset)
    {
        #region scale-out-setup
        // Every silo: the LM (Hosting: endpoint, cache, retries, concurrency, rate limit), the programs by name, the metrics by name.
        builder.Services.AddDspy(builder.Configuration.GetSection("Dspy")).AddProgram("rag", services => RagProgram.Build(services));
        builder.UseOrleans(silo => silo
            .UseRedisClustering(redis)
            .AddDspyWorkers(workers => workers.AddMetric(Metrics.ExactMatch)));

        // The client: the same program build, and an executor naming it.
        var executor = new OrleansExecutor(clusterClient, "rag", new OrleansExecutorOptions { BatchSize = 16, BatchesInFlightPerSilo = 4 });
        var result = await Evaluate.RunAsync(rag, devset, Metrics.ExactMatch, new EvaluateOptions { Executor = executor });
        var compiled = await new MIPROv2(Metrics.ExactMatch, new MIPROv2Options { Seed = 7 })
            .CompileAsync(rag, trainset, new CompileOptions<Example, Prediction> { Executor = executor });
        #endregion
        GC.KeepAlive((result, compiled));
    }

    /// <summary>docs/scale-out.md's Kubernetes silo: compiled only.</summary>
    internal static void ScaleOutOnKubernetes(HostApplicationBuilder builder, string redis)
    {
        #region scale-out-kubernetes
        builder.UseOrleans(silo =>
        {
            silo.UseKubernetesHosting();                       // silo name, ports and cluster id from the pod (ORLEANS_* env vars)
            silo.UseRedisClustering(redis);                    // the Redis every pod reaches
            silo.AddDspyWorkers(workers => workers.AddMetric(Metrics.ExactMatch));
        });
        builder.Services.AddDspy(builder.Configuration.GetSection("Dspy")).AddProgram("rag", services => RagProgram.Build(services));
        #endregion
    }
}
