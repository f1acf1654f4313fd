using System.ComponentModel;

// The regions are what a user types into a console app, where there is no TestContext token to pass on.
#pragma warning disable xUnit1051

namespace Dspy.Docs.Tests;

#region from-dspy-signature
[Description("Answer questions with short factoid answers.")]
public sealed record AskQuestion(string Question);

public sealed record FactoidAnswer([property: Description("often between 1 and 5 words")] string Answer);
#endregion

/// <summary>The C# blocks of docs/from-dspy.md, run offline on the SimulatedLM (a stand-in, not a model).</summary>
public sealed class FromDspySnippets
{
    [Fact]
    public async Task Configure_and_context()
    {
        #region from-dspy-configure
        using IChatClient lm = LMSpec.Connect("simulated");  // dspy.LM("openai/gpt-4o-mini") is LMSpec.Connect("openai:gpt-4o-mini")
        using var configured = LMSettings.Use(lm);          // dspy.configure(lm=lm)

        var qa = Predict.Create("qa", "question -> answer");
        using (LMSettings.Use(new LMSettings { Client = lm, Temperature = 0.7f }))  // with dspy.context(lm=lm, temperature=0.7):
            await qa.RunAsync(Example.Create("question", "Who wrote Hamlet?"));
        #endregion

        Assert.NotNull(LMSettings.Current);
    }

    [Fact]
    public async Task Typed_signature()
    {
        using IChatClient lm = new SimulatedLM();
        using var configured = LMSettings.Use(lm);

        #region from-dspy-typed
        var ask = Predict.Create<AskQuestion, FactoidAnswer>("ask");  // dspy.Predict(AskQuestion), a class-based signature
        FactoidAnswer reply = await ask.RunAsync(new AskQuestion("Who wrote Hamlet?"));
        Console.WriteLine(reply.Answer);
        #endregion

        Assert.NotNull(reply.Answer);
    }

    [Fact]
    public async Task Examples_evaluate_optimize_save_load_inspect()
    {
        using IChatClient lm = new SimulatedLM();
        var world = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 7, Questions = 40 });

        #region from-dspy-workflow
        var path = Path.Combine(Path.GetTempPath(), "cot.json");
        var history = new LMHistory();
        using var configured = LMSettings.Use(new LMSettings { Client = lm, History = history });

        // dspy.Example(question=..., answer=...).with_inputs("question")
        var example = Example.Create("question", "Who wrote Hamlet?").With("answer", "Shakespeare").WithInputs("question");
        var trainset = world.ToExamples().Take(20).ToList();
        var devset = world.ToExamples().Skip(20).ToList();

        var cot = Predict.ChainOfThought("cot", "question -> answer");                // dspy.ChainOfThought("question -> answer")
        Prediction prediction = await cot.RunAsync(example.Inputs());                // cot(question=...)

        // dspy.Evaluate(devset=devset, metric=dspy.evaluate.answer_exact_match, display_table=5)(cot)
        EvaluationResult result = await Evaluate.RunAsync(cot, devset, Metrics.ExactMatch);
        ConsoleReport.Write(result, maxRows: 5);

        // dspy.BootstrapFewShot(metric=..., max_bootstrapped_demos=4).compile(cot, trainset=trainset)
        var optimizer = new BootstrapFewShot(Metrics.ExactMatch, new BootstrapFewShotOptions { MaxBootstrappedDemos = 4 });
        Program<Example, Prediction> compiled = (await optimizer.CompileAsync(cot, trainset)).Program;

        await compiled.SaveAsync(path);                                               // compiled.save(path)
        Program<Example, Prediction> loaded = await cot.LoadStateAsync(path);        // cot.load(path), as a new program
        Console.WriteLine(history.Inspect(1));                                        // dspy.inspect_history(n=1)
        #endregion

        Assert.Equal(compiled.State.Find("cot")?.Demos.Count, loaded.State.Find("cot")?.Demos.Count);
        Assert.True(history.Count > 0);
        File.Delete(path);
    }

    [Fact]
    public async Task Streaming()
    {
        using IChatClient lm = new SimulatedLM();
        using var configured = LMSettings.Use(lm);
        var cot = Predict.ChainOfThought("cot", "question -> answer");

        #region from-dspy-stream
        // dspy.streamify(cot): field-tagged deltas as they arrive, then the final output
        await foreach (var update in cot.StreamAsync(Example.Create("question", "Who wrote Hamlet?")))
            if (update.IsFinal) Console.WriteLine(update.Output?["answer"]);
            else Console.Write(update.Delta);
        #endregion
    }

    [Fact]
    public async Task Callbacks()
    {
        using IChatClient lm = new SimulatedLM();
        using var configured = LMSettings.Use(lm);
        var qa = Predict.Create("qa", "question -> answer");

        #region from-dspy-callbacks
        // dspy.configure(callbacks=[LMLogger()])
        using var observing = LMSettings.UseCallbacks(new LMLogger());
        await qa.RunAsync(Example.Create("question", "Who wrote Hamlet?"));
        #endregion

        Assert.Single(LMSettings.Current!.Callbacks);
    }
}

#region from-dspy-callbacks-class
sealed class LMLogger : DspyCallback
{
    public override Task OnLMEndAsync(DspyCallEnd call, CancellationToken cancellationToken)
    {
        Console.WriteLine($"{call.Name}: {call.Duration.TotalMilliseconds:F0} ms{(call.Exception is { } e ? $", failed: {e.Message}" : "")}");
        return Task.CompletedTask;
    }
}
#endregion
