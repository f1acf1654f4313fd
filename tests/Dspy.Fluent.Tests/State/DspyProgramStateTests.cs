namespace Dspy.Fluent.Tests;

/// <summary>State files written by DSPy 3.3.1's program.save() (Golden/dspy-saved) load here, and our export loads back.</summary>
public sealed class DspyProgramStateTests
{
    private static string Saved(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", "dspy-saved", name));

    /// <summary>DSPy's SimplifiedBaleen: its fields are untyped (str); <paramref name="context"/> can declare another type here.</summary>
    private static Program<Example, Prediction> BaleenShape(string context = "context")
    {
        var query0 = Predict.ChainOfThought("generate_query[0]", Signature.Parse($"{context}, question -> query", "Write a simple search query that will help answer a complex question.").WithFieldDescription("context", "may contain relevant facts"));
        var query1 = query0.WithName("generate_query[1]");
        var answer = Predict.ChainOfThought("generate_answer", Signature.Parse($"{context}, question -> answer", "Answer questions with short factoid answers.")
            .WithFieldDescription("context", "may contain relevant facts").WithFieldDescription("answer", "often between 1 and 5 words"));
        return answer.Uses(query0, query1);
    }

    [Fact]
    public void A_compiled_DSPy_Baleen_loads_onto_the_same_program_shape()
    {
        var program = BaleenShape();

        var state = DspyProgramState.Import(Saved("baleen-compiled.json"), program.Predictors);

        Assert.Equal(["generate_answer", "generate_query[0]", "generate_query[1]"], state.Predictors.Keys);
        var answer = state.Find("generate_answer")!;
        Assert.Equal(2, answer.Demos.Count);
        Assert.Equal("City0", answer.Demos[0]["answer"]);
        Assert.Equal(true, answer.Demos[0]["augmented"]);
        Assert.Null(answer.Instructions); // same as the program's own
    }

    [Fact]
    public async Task A_DSPy_ChainOfThought_state_runs_here_with_its_demos_in_the_prompt()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Golden", "dspy-saved", "cot-labeled.json");
        var qa = Predict.ChainOfThought("qa", "question -> answer");
        var lm = ScriptedChatClient.InOrder(new Dictionary<string, object?> { ["reasoning"] = "r", ["answer"] = "City9" });

        var loaded = await qa.LoadDspyStateAsync(path, cancellationToken: TestContext.Current.CancellationToken);
        await loaded.RunAsync(Example.Create("question", "What is the capital of Country9?"), new LMSettings { Client = lm }, TestContext.Current.CancellationToken);

        var messages = lm.Requests.Single().Messages;
        Assert.Equal(6, messages.Count); // system, two incomplete demos (no reasoning), the question
        Assert.StartsWith("This is an example of the task, though some input or output fields are not supplied.\n\n[[ ## question ## ]]\nWhat is the capital of Country3?", messages[1].Text);
    }

    [Fact]
    public void An_export_is_DSPy_shaped_and_imports_back_to_the_same_state()
    {
        var program = BaleenShape();
        var state = DspyProgramState.Import(Saved("baleen-compiled.json"), program.Predictors);

        var exported = DspyProgramState.Export(state, program.Predictors);
        var again = DspyProgramState.Import(exported, program.Predictors);

        Assert.Equal(state, again);
        Assert.Contains("\"generate_query[0].predict\": {", exported);
        Assert.Contains("\"prefix\": \"Context:\",", exported);
        Assert.Contains("\"description\": \"${question}\"", exported);
    }

    [Fact]
    public void A_typed_field_is_refused_because_DSPy_files_record_no_types_and_the_prompts_would_differ()
    {
        var program = BaleenShape("context: list[str]");

        var error = Assert.Throws<ProgramStateFormatException>(() => DspyProgramState.Import(Saved("baleen-compiled.json"), program.Structure, DspyImportOptions.Default, "baleen.json"));

        Assert.StartsWith("baleen.json does not fit this program (3 problems):", error.Message);
        Assert.Contains("field 'context' of predictor 'generate_answer' is list[str] here, but DSPy files record no types and an untyped DSPy field is str", error.Message);
        Assert.Contains("FieldTypes = DspyFieldTypes.AsDeclaredHere", error.Message);
        Assert.Empty(program.State.Predictors);
    }

    [Fact]
    public void A_typed_field_loads_when_the_caller_says_the_DSPy_program_declares_the_same_type()
    {
        var program = BaleenShape("context: list[str]");

        var state = DspyProgramState.Import(Saved("baleen-compiled.json"), program.Structure, new DspyImportOptions { FieldTypes = DspyFieldTypes.AsDeclaredHere });

        Assert.Equal(2, state.Find("generate_answer")!.Demos.Count);
    }

    [Fact]
    public void A_DSPy_state_that_lacks_one_of_the_programs_predictors_is_refused_naming_it()
    {
        var extra = Predict.Create("rerank", "context, question -> context_ranked");
        var program = BaleenShape().Uses(extra);

        var error = Assert.Throws<ProgramStateFormatException>(() => DspyProgramState.Import(Saved("baleen-compiled.json"), program.Structure, DspyImportOptions.Default));

        Assert.Contains("predictor 'rerank' of the program has no entry in the file (expected 'rerank')", error.Message);
    }

    [Fact]
    public void A_DSPy_state_for_a_different_shape_says_which_fields_differ()
    {
        var qa = Predict.Create("predict", "question -> answer");

        var error = Assert.Throws<ProgramStateFormatException>(() => DspyProgramState.Import(Saved("cot-labeled.json"), qa.Predictors, source: "cot-labeled.json"));

        Assert.Equal("cot-labeled.json does not fit this program (1 problem):\n  - 'predict' has 3 signature fields but predictor 'predict' has 2 (question, answer); " +
                     "load it into the program shape it was compiled for\nNothing was applied.", error.Message);
    }

    [Fact]
    public void A_bare_DSPy_Predict_file_loads_onto_a_single_predictor_and_not_onto_a_program_with_more()
    {
        var ask = Predict.Create("ask", "image: Image, question -> answer");

        var state = DspyProgramState.Import(Saved("image-demo.json"), ask.Structure, new DspyImportOptions { FieldTypes = DspyFieldTypes.AsDeclaredHere });
        var error = Assert.Throws<ProgramStateFormatException>(() => DspyProgramState.Import(Saved("image-demo.json"), BaleenShape().Predictors));

        Assert.Equal(["What animal?", "Colour?"], state.Find("ask")!.Demos.Select(d => d["question"]));
        Assert.Contains("is the state of one bare DSPy Predict (demos and signature at the top level), but this program has 3 predictors ('generate_answer', 'generate_query[0]', 'generate_query[1]'); load it onto that one predictor", error.Message);
        Assert.EndsWith("Nothing was applied.", error.Message);
    }
}
