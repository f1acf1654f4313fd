// The regions are what a user types into a console app, where there is no TestContext token to pass on.
#pragma warning disable xUnit1051

namespace Dspy.Docs.Tests;

#region dspy-tool-marking
public static class QaPrograms
{
    // dspy compile/eval --program qa: a public static method with no parameters (or a property) returning a Program.
    [DspyProgram("qa", Metric = "lenient", Inputs = "question")]
    public static Program<Example, Prediction> Qa() => Predict.ChainOfThought("qa", "question -> answer");

    // --metric lenient: a public static IMetric member; the built-ins exact_match, f1 and passage_match need no mark.
    [DspyMetric("lenient")]
    public static IMetric Lenient => Metrics.ExactMatchOrF1(0.5);
}
#endregion

/// <summary>The C# block of docs/dspy-tool.md: the marked factory builds a program that runs, offline on the SimulatedLM.</summary>
public sealed class DspyToolSnippets
{
    [Fact]
    public async Task The_marked_factory_and_metric_are_what_the_tool_calls()
    {
        var mark = typeof(QaPrograms).GetMethod(nameof(QaPrograms.Qa))!.GetCustomAttributes(typeof(DspyProgramAttribute), false).Cast<DspyProgramAttribute>().Single();
        using IChatClient lm = new SimulatedLM();

        var reply = await QaPrograms.Qa().RunAsync(Example.Create("question", "What is the capital of France?"), new LMSettings { Client = lm });

        Assert.Equal(("qa", "lenient", "question"), (mark.Name, mark.Metric, mark.Inputs));
        Assert.True(reply.ContainsKey("answer"));
        Assert.Equal(Metrics.ExactMatchOrF1(0.5).Name, QaPrograms.Lenient.Name);
    }
}
