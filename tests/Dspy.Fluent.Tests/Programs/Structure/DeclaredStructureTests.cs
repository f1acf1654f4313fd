namespace Dspy.Fluent.Tests;

/// <summary>A program knows its predictors when it is composed, and a run refuses a predictor it does not declare.</summary>
public sealed class DeclaredStructureTests
{
    private static readonly Predictor<Example, Prediction> Shared = Predict.Create("shared", "question -> answer");

    private static Predictor<Example, Prediction> SharedProperty { get; } = Predict.Create("shared_property", "question -> answer");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ScriptedChatClient Answering(string answer = "Paris") =>
        ScriptedChatClient.Answering(_ => new Dictionary<string, object?> { ["answer"] = answer, ["reasoning"] = "r", ["query"] = "q" });

    [Fact]
    public void A_predictor_captured_by_a_query_lambda_is_declared_before_any_run()
    {
        var answer = Predict.ChainOfThought("generate_answer", "context, question -> answer");
        var lm = Answering();

        var program =
            from q in Programs.Input<Example>()
            from a in answer.Call(Example.Create("context", "c").With("question", q["question"]))
            select a;

        Assert.Same(answer, Assert.Single(program.Predictors));
        Assert.Equal(PredictorKind.ChainOfThought, program.Predictors[0].Kind);
        Assert.Equal(0, lm.CallCount);
    }

    [Fact]
    public void Predictors_read_from_static_fields_and_auto_properties_inside_a_lambda_are_declared()
    {
        var program = Programs.Input<Example>().Bind(q => Shared.Call(q)).Bind(p => SharedProperty.Call(Example.Create("question", p["answer"])));

        Assert.Equal(["shared", "shared_property"], program.Predictors.Select(p => p.Name.Value));
    }

    /// <summary>A user's service class whose method composes a program from its own fields and a local.</summary>
    private sealed class RagService
    {
        private readonly Predictor<Example, Prediction> _answer = Predict.Create("service_answer", "question -> answer");
        private readonly Predictor<Example, Prediction>[] _rewrites = [Predict.Create("rewrite[0]", "question -> question_2")];

        public Program<Example, Prediction> Build(string suffix)
        {
            var local = Predict.Create("local", "question -> answer");
            return Programs.Input<Example>()
                .Bind(q => _rewrites[0].Call(q).Select(r => q.With("question", r["question_2"] + suffix)))
                .Bind(q => _answer.Call(q))
                .Bind(p => local.Call(Example.Create("question", p["answer"])));
        }
    }

    [Fact]
    public void Predictors_in_fields_of_a_captured_this_are_declared_along_with_captured_locals()
    {
        var program = new RagService().Build("?");

        // Within one closure the order is the closure's field order: stable from build to build, not call order.
        Assert.Equal(["local", "rewrite[0]", "service_answer"], program.Predictors.Select(p => p.Name.Value).Order());
        Assert.Equal(program.Predictors.Select(p => p.Name), new RagService().Build("!").Predictors.Select(p => p.Name));
    }

    [Fact]
    public async Task A_step_built_ahead_and_captured_declares_the_predictors_it_will_call()
    {
        var lm = Answering();
        var greet = Predict.Create("greet", "question -> answer").Call(Example.Create("question", "hello"));
        var both = Steps.WhenAll([greet, Shared.Call(Example.Create("question", "hi"))]).Select(all => all[0]);

        var program = Programs.Input<Example>().Bind(_ => both);
        var output = await program.RunAsync(Example.Create("question", "q"), new LMSettings { Client = lm }, Ct);

        Assert.Equal(["greet", "shared"], program.Predictors.Select(p => p.Name.Value));
        Assert.Equal("Paris", output.GetText("answer"));
    }

    [Fact]
    public void An_array_of_predictors_captured_for_hops_declares_each_of_them()
    {
        var hops = new[] { Predict.Create("generate_query[0]", "question -> query"), Predict.Create("generate_query[1]", "question -> query") };

        var program = Programs.Input<Example>().Bind(q => Steps.Fold(Enumerable.Range(0, 2), q, (acc, hop) =>
            hops[hop].Call(acc).Select(p => acc.With("question", p["query"]))));

        Assert.Equal(["generate_query[0]", "generate_query[1]"], program.Predictors.Select(p => p.Name.Value));
    }

    [Fact]
    public async Task A_predictor_built_inside_a_lambda_stops_the_first_run_with_its_name_and_the_line_to_add()
    {
        var lm = Answering();
        var program = Programs.Input<Example>().Bind(q => Predict.Create("undeclared", "question -> answer").Call(q));

        var error = await Assert.ThrowsAsync<UndeclaredPredictorException>(() =>
            program.RunAsync(Example.Create("question", "q"), new LMSettings { Client = lm }, Ct));

        Assert.Equal("undeclared", error.Predictor);
        Assert.Contains("Predictor 'undeclared' (Predict, 'question -> answer') ran inside a program that does not declare it", error.Message);
        Assert.Contains("program = program.Uses(", error.Message);
        Assert.Equal(0, lm.CallCount); // refused before the LM is called
    }

    [Fact]
    public async Task Declaring_the_predictor_with_Uses_makes_the_same_program_run()
    {
        var lm = Answering();
        var undeclared = Predict.Create("undeclared", "question -> answer");
        var program = Programs.Input<Example>().Bind(q => Build(undeclared).Call(q)).Uses(undeclared);

        var output = await program.RunAsync(Example.Create("question", "q"), new LMSettings { Client = lm }, Ct);

        Assert.Equal("Paris", output.GetText("answer"));
        Assert.Equal(["undeclared"], program.Predictors.Select(p => p.Name.Value));
        return;

        // A method call hides the predictor from the structure; Uses declares it, and an equal instance is accepted.
        static Predictor<Example, Prediction> Build(Predictor<Example, Prediction> p) => p;
    }

    [Fact]
    public void Two_different_predictors_named_qa_in_one_program_are_refused_at_composition_naming_both()
    {
        var qa = Predict.Create("qa", "question -> answer");
        var other = Predict.ChainOfThought("qa", "question -> answer");

        var error = Assert.Throws<ProgramStructureException>(() => qa.Zip(other, (a, b) => a));

        Assert.Equal("qa", error.Predictor);
        Assert.Contains("Two different predictors are named 'qa' in one program: Predict 'qa' (question -> answer) and ChainOfThought 'qa' (question -> reasoning, answer)", error.Message);
        Assert.Contains("WithName(\"qa_2\")", error.Message);
    }

    [Fact]
    public void The_same_predictor_on_both_sides_of_a_zip_counts_once()
    {
        var qa = Predict.Create("qa", "question -> answer");

        var program = qa.Zip(qa, (a, _) => a);

        Assert.Same(qa, Assert.Single(program.Predictors));
    }

    [Fact]
    public void Two_compiles_of_one_predictor_combined_in_one_program_are_refused_as_two_states()
    {
        var qa = Predict.Create("qa", "question -> answer");
        var one = qa.WithState(ProgramState.Empty.With("qa", PredictorState.Empty.WithDemos([Demo("a")])));
        var two = qa.WithState(ProgramState.Empty.With("qa", PredictorState.Empty.WithDemos([Demo("b")])));

        var error = Assert.Throws<ProgramStructureException>(() => one.Zip(two, (a, _) => a));

        Assert.Contains("Predictor 'qa' carries two different states in one program", error.Message);
    }

    [Fact]
    public void Predictor_names_compose_as_paths_and_keep_DSPys_spelling()
    {
        var agent = new PredictorName("agent");

        var loop = agent / "react";

        Assert.Equal("agent.react", loop.Value);
        Assert.Equal(["agent", "react"], loop.Segments);
        Assert.Equal("react", loop.Leaf);
        Assert.Equal(agent, loop.Parent);
        Assert.Equal("agent.react", (string)loop);
        Assert.Throws<ArgumentException>(() => new PredictorName("agent..react"));
        Assert.Throws<ArgumentException>(() => agent / " ");
        var react = new ReAct("agent", Signature.Parse("question -> answer"), []);
        Assert.Equal([loop, agent / "extract"], react.Predictors.Select(p => p.Name));
    }

    [Fact]
    public async Task An_ensemble_declares_its_members_predictors_but_refuses_to_be_saved_as_one_file()
    {
        var qa = Predict.Create("qa", "question -> answer");
        var members = new[] { "a", "b" }.Select(x => qa.WithState(ProgramState.Empty.With("qa", PredictorState.Empty.WithDemos([Demo(x)])))).ToList();

        var ensemble = new Ensemble().Compile(members, Ensemble.MajorityOf("answer"));

        Assert.Same(qa, Assert.Single(ensemble.Predictors));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ensemble.SaveAsync(Path.Combine(Path.GetTempPath(), $"e-{Guid.NewGuid():N}.json"), Ct));
        Assert.Contains("cannot be saved as one file: an Ensemble's members each keep their own state", error.Message);
    }

    private static Example Demo(string answer) => Example.Create("question", "q").With("answer", answer).WithInputs("question");
}
