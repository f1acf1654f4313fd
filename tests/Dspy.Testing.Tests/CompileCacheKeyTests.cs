using Dspy.Fluent.Internal;

namespace Dspy.Fluent.Tests;

/// <summary>
/// The compile-cache key covers everything that decides a compiled result, including predictors called inside a LINQ
/// lambda: the shape of examples/EvaluationAsTests, where editing the instruction once left a stale compile in use.
/// </summary>
public sealed class CompileCacheKeyTests
{
    private static readonly SyntheticWorld World = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 5, Questions = 8 });
    private static readonly Bm25Retriever Retriever = Bm25Retriever.Build(World.Corpus);
    private static readonly IReadOnlyList<Example> Train = World.ToExamples().Take(4).ToList();
    private static readonly LMSettings Lm = new() { Client = new SimulatedLM() };
    private const string Optimizer = "BootstrapFewShot (metric exact_match) MaxBootstrappedDemos = 4";

    /// <summary>The RAG program of examples/EvaluationAsTests, with each part that a user might edit as a parameter.</summary>
    private static Program<Example, Prediction> Rag(
        string instructions = "Answer questions with short factoid answers.",
        string contextDescription = "may contain relevant facts",
        string signature = "context: list[str], question -> answer",
        ProgramState? state = null,
        int k = 3)
    {
        var answer = Predict.ChainOfThought("generate_answer",
            Signature.Parse(signature, instructions)
                .WithFieldDescription("context", contextDescription)
                .WithFieldDescription("answer", "often between 1 and 5 words"));
        var program =
            from q in Programs.Input<Example>()
            from passages in Retriever.Search(q.GetText("question"), k: k)
            from a in answer.Call(Example.Create("context", passages.ToContext()).With("question", q["question"]))
            select a;
        return state is null ? program : program.WithState(state);
    }

    private static string Key(Program<Example, Prediction> program, IReadOnlyList<Example>? train = null, string optimizer = Optimizer) =>
        CompileCacheKey.Compute(program, train ?? Train, optimizer, Lm);

    public static TheoryData<string, Func<Program<Example, Prediction>>> Edits() => new()
    {
        { "the instruction", () => Rag(instructions: "Answer with one short phrase.") },
        { "a field description", () => Rag(contextDescription: "passages that may contain the answer") },
        { "a new signature field", () => Rag(signature: "context: list[str], question, hint -> answer") },
        { "a field type", () => Rag(signature: "context, question -> answer") },
        { "demos already present", () => Rag(state: ProgramState.Empty.With("generate_answer", PredictorState.Empty.WithDemos([Train[0]]))) },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void Editing_a_predictor_called_inside_a_LINQ_lambda_changes_the_key(string edit, Func<Program<Example, Prediction>> edited)
    {
        var original = Key(Rag());

        Assert.True(original != Key(edited()), $"editing {edit} of generate_answer left the compile-cache key unchanged");
        Assert.Equal(original, Key(Rag())); // rebuilding the same program gives the same key: the change is what moved it
    }

    [Fact]
    public void The_trainset_the_optimizer_options_and_the_metric_are_part_of_the_key()
    {
        var original = Key(Rag());

        Assert.NotEqual(original, Key(Rag(), train: Train.Take(3).ToList()));
        Assert.NotEqual(original, Key(Rag(), optimizer: "BootstrapFewShot (metric exact_match) MaxBootstrappedDemos = 2"));
        Assert.NotEqual(original, Key(Rag(), optimizer: "BootstrapFewShot (metric f1) MaxBootstrappedDemos = 4"));
    }

    [Fact]
    public void An_optimizers_options_and_metric_show_in_its_description()
    {
        var copro = new COPRO(Metrics.ExactMatch, new COPROOptions { Breadth = 3 });
        var wider = new COPRO(Metrics.ExactMatch, new COPROOptions { Breadth = 4 });

        Assert.Contains("metric exact_match", copro.ToString());
        Assert.NotEqual(copro.ToString(), wider.ToString());
    }

    [Fact]
    public void A_value_captured_by_the_programs_lambdas_is_part_of_the_key()
    {
        Assert.NotEqual(Key(Rag(k: 3)), Key(Rag(k: 5)));
        Assert.Equal(Key(Rag(k: 5)), Key(Rag(k: 5)));
    }

    [Fact]
    public void The_code_of_a_lambda_in_the_program_is_part_of_the_key()
    {
        var answer = Predict.Create("qa", "question -> answer");
        var upper = Programs.Input<Example>().Bind(q => answer.Call(Example.Create("question", q.GetText("question").ToUpperInvariant())));
        var lower = Programs.Input<Example>().Bind(q => answer.Call(Example.Create("question", q.GetText("question").ToLowerInvariant())));

        Assert.NotEqual(Key(upper), Key(lower));
    }

    [Fact]
    public void The_code_of_the_metric_is_part_of_the_key_even_under_the_same_name()
    {
        var strict = Metrics.Create("match", (e, p) => e.GetText("answer") == p.GetText("answer") ? 1.0 : 0.0);
        var loose = Metrics.Create("match", (e, p) => p.GetText("answer").Contains(e.GetText("answer"), StringComparison.OrdinalIgnoreCase) ? 1.0 : 0.0);

        string KeyWith(IMetric metric) => CompileCacheKey.Compute(Rag(), Train, Optimizer, Lm, new BootstrapFewShot(metric));

        Assert.NotEqual(KeyWith(strict), KeyWith(loose));
        Assert.Equal(KeyWith(strict), KeyWith(strict));
    }

    [Fact]
    public void A_program_that_declares_no_predictors_has_no_key()
    {
        var plain = Programs.Lift<Example, Prediction>(e => Prediction.Empty.With("answer", e["question"]));

        var error = Assert.Throws<InvalidOperationException>(() => Key(plain));

        Assert.Contains("declares no predictors", error.Message);
    }
}
