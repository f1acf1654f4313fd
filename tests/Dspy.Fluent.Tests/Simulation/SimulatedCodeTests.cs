using Dspy.Fluent.Simulation;

namespace Dspy.Fluent.Tests;

/// <summary>The simulated LM playing ProgramOfThought: setting up word problems as code, fixing code from the sandbox's error, and answering from the output.</summary>
public sealed class SimulatedCodeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly (string Question, double Answer)[] Problems =
    [
        ("A baker bakes 24 trays of 12 muffins each and sells 150 muffins. How many muffins are left?", 138),
        ("What is 17% of 2,300?", 391),
        ("Maria has 45 stickers. She buys 30 more and then gives 18 to her brother. How many stickers does she have now?", 57),
        ("A school has 6 buses with 42 seats each. How many seats are there in total?", 252),
        ("Tom splits 96 marbles equally among 8 friends. How many marbles does each friend get?", 12),
        ("A shop sold 128 apples on Monday and 97 apples on Tuesday. How many more apples did it sell on Monday?", 31),
        ("A car travels 65 miles per hour for 4 hours. How many miles does it travel?", 260),
        ("Lena had 120 dollars. She spent 45 dollars on shoes and 30 dollars on a shirt. How much money does she have left?", 45),
        ("A club has 230 members. 48 members leave and then 65 new members join. How many members does the club have now?", 247),
    ];

    [Fact]
    public void Read_carefully_each_word_problem_is_set_up_clause_by_clause_to_its_answer()
    {
        foreach (var (question, answer) in Problems)
            Assert.True(Math.Abs(WordProblem.Solve(question, careful: true)[^1].Value - answer) < 1e-9, question);
    }

    [Fact]
    public void Read_hastily_one_step_problems_come_out_right_and_multi_step_ones_do_not()
    {
        Assert.Equal(252, WordProblem.Solve(Problems[3].Question, careful: false)[^1].Value);
        Assert.Equal(12, WordProblem.Solve(Problems[4].Question, careful: false)[^1].Value);
        Assert.NotEqual(138, WordProblem.Solve(Problems[0].Question, careful: false)[^1].Value);
        Assert.NotEqual(57, WordProblem.Solve(Problems[2].Question, careful: false)[^1].Value);
    }

    [Fact]
    public void The_expression_for_a_calculator_carries_the_two_steps_in_parentheses()
    {
        Assert.Equal("((24 * 12) - 150)", WordProblem.Expression(Problems[0].Question, careful: true));
        Assert.Equal("(2300 * 17 / 100)", WordProblem.Expression(Problems[1].Question, careful: true));
    }

    [Fact]
    public async Task ProgramOfThought_on_the_simulated_LM_writes_code_the_sandbox_runs_to_the_right_answer()
    {
        var solver = new ProgramOfThought("solver", "question -> answer: float", new JavaScriptSandbox());
        var settings = new LMSettings { Client = new SimulatedLM() };

        var correct = 0;
        foreach (var (question, answer) in Problems)
        {
            var outcome = await solver.TryRunAsync(Example.Create("question", question), settings, Ct);
            if (!outcome.Succeeded) continue;
            Assert.Contains("answer", outcome.Output!.GetText(ProgramOfThought.FinalCodeField));
            if (Math.Abs(outcome.Output.Get<double>("answer") - answer) < 1e-9) correct++;
        }

        TestContext.Current.SendDiagnosticMessage($"ProgramOfThought on the simulated LM: {correct}/{Problems.Length} word problems right");
        Assert.InRange(correct, 7, Problems.Length);
    }

    [Fact]
    public async Task A_sandbox_error_goes_back_with_the_code_and_the_fix_repairs_what_the_error_names()
    {
        var solver = new ProgramOfThought("solver", "question -> answer: float", new JavaScriptSandbox());
        ProgramOutcome<Prediction>? fixedRun = null;
        // The Python habit is a coin flip per prompt; rollout ids re-draw it until one run shows it.
        for (var rollout = 0; rollout < 40 && fixedRun is null; rollout++)
        {
            var outcome = await solver.TryRunAsync(Example.Create("question", Problems[3].Question),
                new LMSettings { Client = new SimulatedLM(), RolloutId = $"r{rollout}" }, Ct);
            if (outcome.Trace.Any(t => t.Name == "solver.code_regenerate")) fixedRun = outcome;
        }

        Assert.NotNull(fixedRun);
        var retry = fixedRun.History.Calls.Single(c => c.Predictor == "solver.code_regenerate").Messages[^1].Text!;
        Assert.Contains("print(f\"The answer is {answer}\")", retry);
        Assert.Matches(@"\[\[ ## error ## \]\]\n\w*Error", retry);
        Assert.Contains("print(`The answer is ${answer}`)", fixedRun.Output!.GetText(ProgramOfThought.FinalCodeField));
        Assert.Equal(252, fixedRun.Output.Get<double>("answer"));
    }
}
