using System.ComponentModel;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>
/// The simulated LM playing CodeAct (tool calls written as JavaScript) and RLM (a long context explored in code with
/// sub-LM calls) from the prompts alone, on the seeded world. Figures go to the test output; they show the modules
/// work offline and say nothing about any model.
/// </summary>
public sealed class SimulatedCodeAgentTests(SimulatedWorldFixture world) : IClassFixture<SimulatedWorldFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] WordProblems =
    [
        "A baker bakes 24 trays of 12 muffins each and sells 150 muffins. How many muffins are left?",
        "A school has 6 buses with 42 seats each. How many seats are there in total?",
        "Tom splits 96 marbles equally among 8 friends. How many marbles does each friend get?",
        "A library had 340 books and received 85 more. How many books does it have in total?",
        "What is 25% of 640?",
    ];

    private static readonly string[] WordProblemAnswers = ["138", "252", "12", "425", "160"];

    private AIFunction Search() =>
        AIFunctionFactory.Create(async ([Description("keywords or a name to look up")] string query) =>
            (await world.Retriever.SearchAsync(query, 3, Ct)).Select(p => p.ToString()).ToArray(), "search",
            "Searches an encyclopedia of people, organisations, places and works and returns the best-matching passages.");

    private static AIFunction Calculator() =>
        AIFunctionFactory.Create(([Description("the arithmetic expression, e.g. (3 + 4) * 2")] string expression) =>
            new System.Data.DataTable().Compute(expression, null)?.ToString() ?? "", "calculator",
            "Evaluates an arithmetic expression of numbers with + - * / and parentheses and returns the number.");

    private static void Report(string line) => TestContext.Current.SendDiagnosticMessage(line);

    [Fact]
    public async Task CodeAct_calls_the_tools_from_JavaScript_and_answers_from_what_the_code_printed()
    {
        var agent = new CodeAct("agent", "question -> answer", [Search(), Calculator()], new JavaScriptSandbox());
        var settings = new LMSettings { Client = new SimulatedLM() };

        var mathRight = 0;
        var calculatorFirst = 0;
        for (var i = 0; i < WordProblems.Length; i++)
        {
            var outcome = await agent.TryRunAsync(Example.Create("question", WordProblems[i]), settings, Ct);
            if (!outcome.Succeeded) continue;
            var trajectory = (IReadOnlyDictionary<string, string>)outcome.Output![CodeAct.TrajectoryField]!;
            if (trajectory.TryGetValue("generated_code_0", out var code) && code.Contains("calculator({", StringComparison.Ordinal)) calculatorFirst++;
            if (outcome.Output.GetText("answer").Contains(WordProblemAnswers[i], StringComparison.Ordinal)) mathRight++;
        }
        var lookups = world.Dev.Take(12).ToList();
        var lookupRight = 0;
        var lookupFound = 0;
        var searched = 0;
        foreach (var q in lookups)
        {
            var outcome = await agent.TryRunAsync(Example.Create("question", q.Question), settings, Ct);
            if (!outcome.Succeeded) continue;
            var trajectory = (IReadOnlyDictionary<string, string>)outcome.Output![CodeAct.TrajectoryField]!;
            if (trajectory.Values.Any(v => v.Contains("search({", StringComparison.Ordinal))) searched++;
            if (AnswerMatch.ExactMatch(outcome.Output.GetText("answer"), [q.Answer])) lookupRight++;
            if (outcome.Output.GetText("answer").Contains(q.Answer, StringComparison.OrdinalIgnoreCase)) lookupFound++;
        }

        Report($"CodeAct (simulated): word problems {mathRight}/{WordProblems.Length} right, calculator first {calculatorFirst}/{WordProblems.Length}; lookups {lookupRight}/{lookups.Count} right by exact match, {lookupFound}/{lookups.Count} with the answer in the reply, searched {searched}/{lookups.Count}");
        Assert.True(calculatorFirst >= 3, $"calculator first {calculatorFirst}");
        Assert.True(mathRight >= 3, $"word problems right {mathRight}");
        Assert.True(searched >= 9, $"searched {searched}");
        Assert.True(lookupFound >= 2, $"lookups with the answer in the reply {lookupFound}");
    }

    [Fact]
    public async Task RLM_slices_a_long_context_asks_a_sub_LM_and_submits_its_answer()
    {
        var rlm = new RLM("reader", "context, question -> answer", new JavaScriptSandbox(), RLMOptions.Default with { MaxIters = 6, MaxLLMCalls = 5 });
        var right = 0;
        var submitted = 0;
        var subCalls = 0;
        var questions = world.Dev.Take(12).ToList();
        var filler = world.World.Corpus.Take(60).Select(p => p.ToString()).ToList();
        foreach (var q in questions)
        {
            var context = string.Join("\n\n", filler.Concat(world.GoldContext(q)).Distinct().Order(StringComparer.Ordinal));
            var history = new LMHistory(100);
            var outcome = await rlm.TryRunAsync(Example.Create("context", context).With("question", q.Question), new LMSettings { Client = new SimulatedLM(), History = history }, Ct);
            Assert.True(outcome.Succeeded, outcome.Error?.ToString());
            subCalls += history.Calls.Count(c => c.Predictor == "reader.llm_query");
            if (outcome.Output!.GetText(RLM.FinalReasoningField) != "Extract forced final output") submitted++;
            if (AnswerMatch.ExactMatch(outcome.Output.GetText("answer"), [q.Answer])) right++;
        }

        Report($"RLM (simulated): {right}/{questions.Count} right, {submitted}/{questions.Count} submitted, {subCalls} sub-LM calls");
        Assert.True(submitted >= 11, $"submitted {submitted}");
        Assert.True(subCalls >= questions.Count, $"sub-LM calls {subCalls}");
        Assert.True(right >= 2, $"right {right}");
    }

    [Fact]
    public async Task A_plain_question_over_passages_gets_a_short_answer_and_other_plain_prompts_the_old_reply()
    {
        var lm = new SimulatedLM();
        var q = world.Dev[0];
        var passages = System.Text.Json.JsonSerializer.Serialize(world.GoldContext(q));

        var answer = await lm.GetResponseAsync($"Question: {q.Question}\nPassages:\n{passages}\nAnswer with a few words from the passages.", cancellationToken: Ct);
        var other = await lm.GetResponseAsync("Hello there", cancellationToken: Ct);

        Assert.False(string.IsNullOrWhiteSpace(answer.Text));
        Assert.DoesNotContain("\n", answer.Text);
        Assert.StartsWith("I am a simulated LM", other.Text);
    }
}
