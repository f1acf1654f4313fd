using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

public sealed class RLMTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Context = "The capital of France is Paris. It is on the Seine river.";

    private static string Action(string reasoning, string code) =>
        $"[[ ## reasoning ## ]]\n{reasoning}\n\n[[ ## code ## ]]\n{code}\n\n[[ ## completed ## ]]";

    private static Example Question(string context = Context) => Example.Create("context", context).With("question", "Which city?");

    /// <summary>The sandbox with no execution rules, as DSPy's scripted interpreter had none (so the prompts can be compared).</summary>
    private sealed class WithoutRules(JavaScriptSandbox inner) : ICodeSessionFactory
    {
        public string Language => inner.Language;

        public string ExecutionInstructions => "";

        public ICodeSession StartSession(IEnumerable<HostFunction> functions) => inner.StartSession(functions);
    }

    private static string ForJavaScript(string dspy) => dspy
        .Replace("`code` (str): Python code to execute. Use markdown code block format: ```python\\n", "`code` (str): JavaScript code to execute. Use markdown code block format: ```javascript\\n", StringComparison.Ordinal)
        .Replace("a Python REPL environment. Write Python code", "a JavaScript REPL environment. Write JavaScript code", StringComparison.Ordinal)
        .Replace("Type: str\n", "Type: string\n", StringComparison.Ordinal)
        .Replace("Code:\n```python\n", "Code:\n```javascript\n", StringComparison.Ordinal);

    [Fact]
    public async Task The_prompts_match_DSPy_s_RLM_except_where_they_name_the_language_and_its_types()
    {
        // The conversation DSPy 3.3.1 had with a scripted LM (Modules/rlm_golden.py); the code is valid JavaScript too.
        var lm = ScriptedChatClient.RawInOrder(
            Action("Look at the context first.", "```\nprint('Length: ' + context.length)\n```"),
            Action("Ask a sub-LM.", "```\nSUBMIT(llm_query('Capital? ' + context))\n```"),
            "Paris");
        var rlm = new RLM("reader", "context, question -> answer", new WithoutRules(new JavaScriptSandbox()), RLMOptions.Default with { MaxIters = 5, MaxLLMCalls = 10 });
        var history = new LMHistory(100);

        var result = await rlm.RunAsync(Question(), new LMSettings { Client = lm, History = history }, Ct);

        Assert.Equal(ForJavaScript(RLMGolden.System0), lm.Requests[0].System());
        Assert.Equal(ForJavaScript(RLMGolden.User0), lm.Requests[0].User());
        Assert.Equal(ForJavaScript(RLMGolden.User1), lm.Requests[1].User());
        Assert.Equal("Paris", result.GetText("answer"));
        Assert.Equal("Ask a sub-LM.", result.GetText(RLM.FinalReasoningField));
        var steps = Assert.IsType<RLMStep[]>(result[RLM.TrajectoryField]);
        Assert.Equal(["Length: 57\n", "FINAL: {'answer': 'Paris'}"], steps.Select(s => s.Output));
        // The sub-LM call went through the LM layer: one user message, no adapter, in the run's history.
        var sub = Assert.Single(history.Calls, c => c.Predictor == "reader.llm_query");
        Assert.Equal("none", sub.Adapter);
        Assert.Equal("Capital? " + Context, Assert.Single(sub.Messages).Text);
        Assert.Equal(["reader.generate_action", "reader.generate_action", "reader.llm_query"], history.Calls.Select(c => c.Predictor));
    }

    [Fact]
    public async Task The_default_sandbox_states_its_rules_in_DSPy_s_execution_environment_slot()
    {
        var rlm = new RLM("reader", "context, question -> answer", new JavaScriptSandbox());

        Assert.Contains("This is an iterative process.\n\nExecution environment:\nJavaScript (ECMAScript 2023) in a sandbox", rlm.GenerateAction.Signature.Instructions);
        Assert.Equal(["reader.generate_action", "reader.extract"], rlm.Predictors.Select(p => p.Name.Value));
        Assert.Equal("variables_info, repl_history, iteration -> reasoning, code", rlm.GenerateAction.Signature.ToString());
        Assert.Equal("variables_info, repl_history -> answer", rlm.Extract.Signature.ToString());
        await Task.CompletedTask;
    }

    [Fact]
    public async Task State_persists_across_steps_and_llm_query_batched_answers_in_order()
    {
        var lm = ScriptedChatClient.RawInOrder(
            Action("Split it.", "```javascript\nvar parts = context.split('. ');\nprint(parts.length)\n```"),
            Action("Ask about each.", "var answers = llm_query_batched(parts.map(p => 'City in: ' + p));\nprint(answers.join('|'))"),
            "Paris", "none",
            Action("Submit.", "SUBMIT({answer: answers[0]})"));
        var rlm = new RLM("reader", "context, question -> answer", new JavaScriptSandbox());

        var result = await rlm.RunAsync(Question(), new LMSettings { Client = lm }, Ct);

        var steps = (RLMStep[])result[RLM.TrajectoryField]!;
        Assert.Equal(["2\n", "Paris|none\n", "FINAL: {'answer': 'Paris'}"], steps.Select(s => s.Output));
        Assert.Equal("Paris", result.GetText("answer"));
        Assert.Contains("=== Step 2 ===\nReasoning: Ask about each.\nCode:\n```javascript\nvar answers", lm.Requests[4].User());
    }

    [Fact]
    public async Task Going_over_MaxLLMCalls_throws_in_the_code_with_DSPy_s_message()
    {
        var lm = ScriptedChatClient.RawInOrder(
            Action("Ask three times.", "var a = llm_query('one'); var b = llm_query('two'); var c = llm_query('three');"),
            "1", "2",
            Action("Batch.", "llm_query_batched(['x', 'y'])"),
            Action("Give up.", "SUBMIT(a + b)"));
        var rlm = new RLM("reader", "context, question -> answer", new JavaScriptSandbox(), RLMOptions.Default with { MaxLLMCalls = 2 });

        var result = await rlm.RunAsync(Question(), new LMSettings { Client = lm }, Ct);

        var steps = (RLMStep[])result[RLM.TrajectoryField]!;
        Assert.Equal("[Error] Error: LLM call limit exceeded: 2 + 1 > 2. Use JavaScript code for aggregation instead of making more LLM calls. (line 1)", steps[0].Output);
        Assert.Equal("[Error] Error: LLM call limit exceeded: 2 + 2 > 2. Use JavaScript code for aggregation instead of making more LLM calls. (line 1)", steps[1].Output);
        Assert.Equal("12", result.GetText("answer"));
        Assert.Equal(5, lm.Requests.Count); // two sub-LM calls, never a third
    }

    [Fact]
    public async Task Submission_errors_are_shown_and_max_iters_falls_back_to_extract()
    {
        var lm = ScriptedChatClient.RawInOrder(
            Action("No fields.", "SUBMIT()"),
            Action("Wrong type.", "SUBMIT('many')"),
            Action("Python fence.", "```python\nprint(1)\n```"),
            "[[ ## answer ## ]]\n3\n\n[[ ## completed ## ]]");
        var rlm = new RLM("counter", "context -> answer: int", new JavaScriptSandbox(), RLMOptions.Default with { MaxIters = 3 });

        var result = await rlm.RunAsync(Example.Create("context", "a b c"), new LMSettings { Client = lm }, Ct);

        var steps = (RLMStep[])result[RLM.TrajectoryField]!;
        Assert.Equal("[Error] Missing output fields: ['answer']. Use SUBMIT(answer)", steps[0].Output);
        Assert.StartsWith("[Type Error] answer: expected int, got string: ", steps[1].Output);
        Assert.Equal("[Error] Expected JavaScript code but got ```python fence. Write JavaScript code, not python.", steps[2].Output);
        Assert.Equal(3L, result["answer"]);
        Assert.Equal("Extract forced final output", result.GetText(RLM.FinalReasoningField));
        Assert.Contains("[[ ## repl_history ## ]]\n=== Step 1 ===", lm.Requests[3].User());
    }

    [Fact]
    public void Names_that_clash_with_the_sandbox_or_the_result_are_refused()
    {
        var llm = AIFunctionFactory.Create(() => "x", "llm_query");

        Assert.Equal("RLM 'r': tool name 'llm_query' conflicts with built-in sandbox function. (Parameter 'tools')",
            Assert.Throws<ArgumentException>(() => new RLM("r", "context -> answer", new JavaScriptSandbox(), RLMOptions.Default with { Tools = [llm] })).Message);
        Assert.StartsWith("RLM 'r': input fields conflict with built-in sandbox functions: ['print']",
            Assert.Throws<ArgumentException>(() => new RLM("r", "print -> answer", new JavaScriptSandbox())).Message);
        Assert.StartsWith("RLM 'r': output fields conflict with RLM result metadata: ['trajectory']",
            Assert.Throws<ArgumentException>(() => new RLM("r", "context -> trajectory", new JavaScriptSandbox())).Message);
    }
}
