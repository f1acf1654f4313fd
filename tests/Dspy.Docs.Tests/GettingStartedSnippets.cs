// The regions are what a user types into a console app, where there is no TestContext token to pass on; showing one
// in every call would teach the wrong thing. The code outside the regions passes none either, to keep each step short.
#pragma warning disable xUnit1051

namespace Dspy.Docs.Tests;

/// <summary>
/// The C# blocks of docs/getting-started.md, each inside a region named by the marker above the block in the doc.
/// Every step runs as a test, offline on the SimulatedLM; DocSnippetTests fails when a doc block and its region differ.
/// </summary>
public sealed class GettingStartedSnippets
{
    [Fact]
    public async Task Step1_predict()
    {
        #region getting-started-predict
        using IChatClient lm = new SimulatedLM(); // offline and deterministic: a stand-in, not a model
        using var scope = LMSettings.Use(lm);     // the ambient LM, like dspy.configure(lm=...)

        var qa = Predict.Create("qa", "question -> answer");
        Prediction reply = await qa.RunAsync(Example.Create("question", "What is the capital of France?"));
        Console.WriteLine(reply["answer"]);
        #endregion

        Assert.True(reply.ContainsKey("answer"));
    }

    [Fact]
    public async Task Step2_chain_of_thought()
    {
        using IChatClient lm = new SimulatedLM();
        using var scope = LMSettings.Use(lm);

        #region getting-started-cot
        var cot = Predict.ChainOfThought("qa", "question -> answer");
        Prediction thought = await cot.RunAsync(Example.Create("question", "What is the capital of France?"));
        Console.WriteLine($"{thought["reasoning"]} => {thought["answer"]}");
        #endregion

        Assert.True(thought.ContainsKey("reasoning"));
    }

    [Fact]
    public async Task Step3_a_linq_program()
    {
        using IChatClient lm = new SimulatedLM();
        using var scope = LMSettings.Use(lm);

        #region getting-started-linq
        var world = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 7, Questions = 40 });
        using var retriever = Bm25Retriever.Build(world.Corpus);
        var generateAnswer = Predict.ChainOfThought("generate_answer",
            Signature.Parse("context: list[str], question -> answer", "Answer questions with short factoid answers."));

        Program<Example, Prediction> rag =
            from q in Programs.Input<Example>()
            from passages in retriever.Search(q.GetText("question"), k: 3)
            from answer in generateAnswer.Call(Example.Create("context", passages.ToContext()).With("question", q["question"]))
            select answer;

        Prediction ragReply = await rag.RunAsync(world.ToExamples()[0].Inputs());
        Console.WriteLine(ragReply["answer"]);
        Console.WriteLine(string.Join(", ", rag.Predictors.Select(p => p.Name.Value))); // generate_answer
        #endregion

        Assert.Equal(["generate_answer"], rag.Predictors.Select(p => p.Name.Value));
    }

    [Fact]
    public async Task Step4_lm_history()
    {
        using IChatClient lm = new SimulatedLM();
        var qa = Predict.Create("qa", "question -> answer");

        #region getting-started-history
        var history = new LMHistory();
        using (LMSettings.Use(new LMSettings { Client = lm, History = history }))
            await qa.RunAsync(Example.Create("question", "What is the capital of France?"));

        Console.WriteLine(history.Inspect(1)); // the exact messages sent and the reply, like dspy.inspect_history(n=1)
        #endregion

        Assert.Contains("What is the capital of France?", history.Inspect(1));
    }

    [Fact]
    public async Task Step5_save_and_load()
    {
        var qa = Predict.Create("qa", "question -> answer");

        #region getting-started-save
        // A program with state to save: here an instruction set by hand (step 7 gets demos from an optimizer).
        var tuned = qa.WithState(ProgramState.Empty.With("qa", new PredictorState { Instructions = "Answer in one word." }));
        var path = Path.Combine(Path.GetTempPath(), "qa.json");

        await tuned.SaveAsync(path);                              // instructions, demos and LM settings per predictor, as JSON
        Program<Example, Prediction> loaded = await qa.LoadStateAsync(path); // the same program shape, with that state
        Console.WriteLine(loaded.State.Find("qa")?.Instructions); // Answer in one word.
        #endregion

        Assert.Equal("Answer in one word.", loaded.State.Find("qa")?.Instructions);
        File.Delete(path);
    }

    [Fact]
    public async Task Step6_evaluate_with_a_table()
    {
        using IChatClient lm = new SimulatedLM();
        using var scope = LMSettings.Use(lm);
        var world = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 7, Questions = 40 });
        using var retriever = Bm25Retriever.Build(world.Corpus);
        Program<Example, Prediction> rag = Docs.Rag(retriever);

        #region getting-started-evaluate
        var devset = world.ToExamples().Take(20).ToList();
        var shortAnswer = Metrics.Create("short answer", (example, prediction) => prediction.GetText("answer").Length <= 40 ? 1 : 0);

        EvaluationResult exact = await Evaluate.RunAsync(rag, devset, Metrics.ExactMatch);
        EvaluationResult brief = await Evaluate.RunAsync(rag, devset, shortAnswer);
        ConsoleReport.Write(exact); // a table: one row per example, the score, the LM (package Dspy.Fluent.Reporting)
        Console.WriteLine($"{exact.Metric}: {exact.Score:P0}, {brief.Metric}: {brief.Score:P0}");
        #endregion

        Assert.Equal(20, exact.Rows.Count);
    }

    [Fact]
    public async Task Step7_bootstrap_few_shot()
    {
        using IChatClient lm = new SimulatedLM();
        using var scope = LMSettings.Use(lm);
        var world = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 7, Questions = 40 });
        using var retriever = Bm25Retriever.Build(world.Corpus);
        Program<Example, Prediction> rag = Docs.Rag(retriever);

        #region getting-started-bootstrap
        var trainset = world.ToExamples().Take(20).ToList();
        var optimizer = new BootstrapFewShot(Metrics.ExactMatch, new BootstrapFewShotOptions { MaxBootstrappedDemos = 2, MaxLabeledDemos = 2 });
        CompileResult<Example, Prediction> result = await optimizer.CompileAsync(rag, trainset);
        Program<Example, Prediction> compiled = result.Program; // a new program; rag is unchanged
        Console.WriteLine($"demos of generate_answer: {compiled.State.Find("generate_answer")!.Demos.Count}"); // 0 before compiling

        var score = await Evaluate.RunAsync(compiled, world.ToExamples().Skip(20), Metrics.ExactMatch);
        Console.WriteLine($"compiled: {score.Score:P0} on the SimulatedLM (a stand-in's score, not a model's)");
        await compiled.SaveAsync(Path.Combine(Path.GetTempPath(), "rag.compiled.json"));
        #endregion

        Assert.NotEmpty(compiled.State.Find("generate_answer")?.Demos ?? []);
        File.Delete(Path.Combine(Path.GetTempPath(), "rag.compiled.json"));
    }
}

/// <summary>The step 3 program, for the steps that reuse it.</summary>
internal static class Docs
{
    public static Program<Example, Prediction> Rag(IRetriever retriever)
    {
        var generateAnswer = Predict.ChainOfThought("generate_answer",
            Signature.Parse("context: list[str], question -> answer", "Answer questions with short factoid answers."));
        return
            from q in Programs.Input<Example>()
            from passages in retriever.Search(q.GetText("question"), k: 3)
            from answer in generateAnswer.Call(Example.Create("context", passages.ToContext()).With("question", q["question"]))
            select answer;
    }
}
