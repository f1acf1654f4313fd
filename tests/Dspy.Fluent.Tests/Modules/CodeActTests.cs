using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

public sealed class CodeActTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly AIFunction Add = AIFunctionFactory.Create((int a, int b) => a + b, "add", "Add two integers.");

    private static IReadOnlyDictionary<string, object?> Code(string code, bool finished) =>
        Replies.Of(("generated_code", code), ("finished", finished));

    private static IReadOnlyDictionary<string, object?> Answer(string answer) =>
        Replies.Of(("reasoning", "The code printed it."), ("answer", answer));

    /// <summary>DSPy's text with the places where the prompt names the language (Python there, the sandbox's here).</summary>
    private static string ForJavaScript(string dspy) => dspy
        .Replace("`generated_code` (str): Python code", "`generated_code` (str): JavaScript code", StringComparison.Ordinal)
        .Replace("generate executable Python code", "generate executable JavaScript code", StringComparison.Ordinal)
        .Replace("besides the final Python code.", "besides the final JavaScript code.", StringComparison.Ordinal)
        .Replace("the Python Standard Library and", "the JavaScript built-in objects and", StringComparison.Ordinal);

    [Fact]
    public async Task Every_prompt_matches_DSPy_s_CodeAct_except_where_it_names_the_language()
    {
        // The same conversation DSPy 3.3.1 had with a scripted LM (Modules/codeact_golden.py); the code is valid in both languages.
        var lm = ScriptedChatClient.InOrder(
            Code("```js\nx = add(1,2)\nprint(x)\n```", finished: false),
            Code("```js\nprint(x)\n```", finished: true),
            Answer("3"));
        var agent = new CodeAct("calc", "question -> answer", [Add], new JavaScriptSandbox());

        var result = await agent.RunAsync(Example.Create("question", "What is 1+2?"), new LMSettings { Client = lm }, Ct);

        Assert.Equal(3, lm.Requests.Count);
        Assert.Equal(ForJavaScript(CodeActGolden.System0), lm.Requests[0].System());
        Assert.Equal(ForJavaScript(CodeActGolden.User0), lm.Requests[0].User());
        Assert.Equal(ForJavaScript(CodeActGolden.User1), lm.Requests[1].User());
        Assert.Equal(CodeActGolden.System2, lm.Requests[2].System());
        Assert.Equal(CodeActGolden.User2, lm.Requests[2].User());
        Assert.Equal("3", result.GetText("answer"));
        var trajectory = Assert.IsAssignableFrom<IReadOnlyDictionary<string, string>>(result[CodeAct.TrajectoryField]);
        Assert.Equal(["generated_code_0", "code_output_0", "generated_code_1", "code_output_1"], trajectory.Keys);
        Assert.Equal("\"3\\n\"", trajectory["code_output_1"]); // the variable from the first turn survived
    }

    [Fact]
    public async Task Failures_become_observations_and_the_loop_stops_at_max_iters()
    {
        var lm = ScriptedChatClient.InOrder(
            Code("", finished: true),                              // cannot be parsed: the loop goes on, as in DSPy
            Code("var total = add(2, 3);\nmissing();", finished: false),
            Code("print('total', total, 'é')", finished: false),
            Answer("5"));
        var agent = new CodeAct("calc", "question -> answer", [Add], new JavaScriptSandbox(), maxIters: 3);

        var result = await agent.RunAsync(Example.Create("question", "2 + 3?"), new LMSettings { Client = lm }, Ct);

        var trajectory = (IReadOnlyDictionary<string, string>)result[CodeAct.TrajectoryField]!;
        Assert.Equal(["observation_0", "generated_code_1", "observation_1", "generated_code_2", "code_output_2"], trajectory.Keys);
        Assert.Equal("Failed to parse the generated code: Error: Empty code after parsing.", trajectory["observation_0"]);
        Assert.Equal("Failed to execute the generated code: ReferenceError: missing is not defined (line 2)", trajectory["observation_1"]);
        Assert.Equal("\"total 5 \\u00e9\\n\"", trajectory["code_output_2"]);
        Assert.Equal(4, lm.Requests.Count); // three turns, then the extraction
        Assert.Equal(["calc.codeact", "calc.codeact", "calc.codeact", "calc.extractor"], lm.Requests.Select(r => r.Options?.AdditionalProperties?[DspyChatOptions.PredictorKey]?.ToString()));
    }

    [Fact]
    public async Task Tools_take_positional_or_named_arguments_and_their_errors_reach_the_code()
    {
        var calls = new List<string>();
        var search = AIFunctionFactory.Create((string query, int limit) => { calls.Add($"{query}/{limit}"); return limit > 5 ? throw new ArgumentException("limit too high") : $"{limit} hits for {query}"; }, "search", "Search.");
        var lm = ScriptedChatClient.InOrder(
            Code("print(search('cats', 2));\nprint(search({query: 'dogs', limit: 3}));\ntry { search('x', 9) } catch (e) { print(e.message) }", finished: true),
            Answer("ok"));
        var agent = new CodeAct("finder", "question -> answer", [search], new JavaScriptSandbox());

        var result = await agent.RunAsync(Example.Create("question", "?"), new LMSettings { Client = lm }, Ct);

        Assert.Equal(["cats/2", "dogs/3", "x/9"], calls);
        Assert.Equal("\"2 hits for cats\\n3 hits for dogs\\nlimit too high\\n\"", ((IReadOnlyDictionary<string, string>)result[CodeAct.TrajectoryField]!)["code_output_0"]);
    }

    [Fact]
    public void The_predictors_are_declared_with_DSPy_s_names_and_signatures()
    {
        var agent = new CodeAct("calc", "question -> answer", [Add], new JavaScriptSandbox());

        Assert.Equal(["calc.codeact", "calc.extractor"], agent.Predictors.Select(p => p.Name.Value));
        Assert.Equal("question, trajectory -> generated_code, finished: bool", agent.CodeActPredictor.Signature.ToString());
        Assert.Equal("question, trajectory -> reasoning, answer", agent.Extractor.Signature.ToString());
        Assert.Equal(FieldType.Boolean, agent.CodeActPredictor.Signature.FindField("finished")!.Type);
    }

    [Fact]
    public void Tool_names_the_code_cannot_call_are_refused()
    {
        var spaced = AIFunctionFactory.Create(() => 1, "two words");
        var submit = AIFunctionFactory.Create(() => 1, "SUBMIT");

        Assert.StartsWith("CodeAct 'a': the tool name 'two words' cannot be called from code",
            Assert.Throws<ArgumentException>(() => new CodeAct("a", "q -> a", [spaced], new JavaScriptSandbox())).Message);
        Assert.StartsWith("CodeAct 'a': the tool name 'SUBMIT'", Assert.Throws<ArgumentException>(() => new CodeAct("a", "q -> a", [submit], new JavaScriptSandbox())).Message);
        Assert.StartsWith("CodeAct 'a': two tools are called 'add'", Assert.Throws<ArgumentException>(() => new CodeAct("a", "q -> a", [Add, Add], new JavaScriptSandbox())).Message);
    }
}
