using System.Globalization;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Examples.Agents;

/// <summary>Runs the agent and the solver, prints what each did, compiles both and prints the comparison.</summary>
public static class AgentsJob
{
    /// <summary>The agent's task, with DSPy's usual instruction for factoid answers.</summary>
    public static Signature AgentSignature { get; } = Signature.Parse("question -> answer", "Answer questions with short factoid answers.");

    /// <summary>The RLM reader's task: the encyclopedia as a long context, with the agent's instruction.</summary>
    public static Signature RlmSignature { get; } = Signature.Parse("context, question -> answer", "Answer questions with short factoid answers.");

    /// <summary>The RLM reader's sub-LM budget per question.</summary>
    public const int RlmSubCalls = 10;

    /// <summary>The solver's task.</summary>
    public const string SolverSignature = "question -> answer: float";

    /// <summary>Answer match: numerically for a number, DSPy's exact match otherwise.</summary>
    public static IMetric Metric { get; } = Metrics.Create("answer_match", (example, prediction) => Correct(example.GetText("answer"), prediction.GetText("answer")) ? 1 : 0);

    /// <summary>Runs the example with <paramref name="options"/>, writing the report to <paramref name="output"/> and progress to the console's standard error.</summary>
    /// <param name="options">The command line.</param>
    /// <param name="output">Where the report goes.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The process exit code (0).</returns>
    public static Task<int> RunAsync(AgentsOptions options, TextWriter output, CancellationToken cancellationToken = default) =>
        RunAsync(options, output, Console.Error, cancellationToken);

    /// <summary>Runs the example with <paramref name="options"/>, writing the report to <paramref name="output"/> and progress
    /// (each evaluation and compile: examples done, score, LM calls, cache hits) to <paramref name="progress"/>.</summary>
    /// <param name="options">The command line.</param>
    /// <param name="output">Where the report goes.</param>
    /// <param name="progress">Where progress goes: a live bar when it is the console's standard error on a terminal, plain lines otherwise.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The process exit code (0).</returns>
    public static async Task<int> RunAsync(AgentsOptions options, TextWriter output, TextWriter progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(progress);
        var spec = LMSpec.Parse(options.LM);
        using var provider = spec.CreateClient();
        var builder = new ChatClientBuilder(provider);
        builder = options.Cache == "off" ? builder.UseDspyCacheDisabled() : builder.UseDspyCache(SqliteLMCache.Open(options.Cache));
        using var lm = builder.Build();
        var settings = new LMSettings { Client = lm };
        var identity = LMIdentity.Of(lm);

        var world = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = options.Seed, Questions = options.Questions + TrainWorldQuestions });
        var examples = world.ToExamples();
        IReadOnlyList<Example> agentDev = [.. examples.Take(options.Questions), WordProblems.Dev[0], WordProblems.Dev[2]];
        IReadOnlyList<Example> agentTrain = [.. examples.Skip(options.Questions), WordProblems.Train[0], WordProblems.Train[2]];
        output.WriteLine($"{identity.Describe()} [--lm {spec}]");
        output.WriteLine($"Data: synthetic world (seed {options.Seed}), {world.Corpus.Count} passages; agent: {agentDev.Count} questions (train {agentTrain.Count}); " +
                         $"solver: {WordProblems.Dev.Count} word problems (train {WordProblems.Train.Count}); cache: {options.Cache}");

        using var retriever = Bm25Retriever.Build(world.Corpus);
        var tools = new AgentTools(retriever);
        var agent = new ReAct("agent", AgentSignature, tools.All, options.MaxIters);
        var solver = new ProgramOfThought("solver", SolverSignature, new JavaScriptSandbox());

        output.WriteLine();
        output.WriteLine($"ReAct agent (tools: {string.Join(", ", agent.Tools.Select(t => t.Name))}; at most {options.MaxIters} calls)");
        var run = new Run(settings, progress, cancellationToken);
        var rows = new List<Score> { await ScoreAsync("react", agent, agentDev, run, output, ShowAgent).ConfigureAwait(false) };
        output.WriteLine();
        output.WriteLine("ProgramOfThought solver (JavaScript in the Jint sandbox)");
        rows.Add(await ScoreAsync("program_of_thought", solver, WordProblems.Dev, run, output, ShowSolver).ConfigureAwait(false));

        var codeAct = new CodeAct("codeact", AgentSignature, tools.All, new JavaScriptSandbox(), options.MaxIters);
        output.WriteLine();
        output.WriteLine($"CodeAct agent (the same tools as JavaScript functions in one Jint session; at most {options.MaxIters} pieces of code)");
        rows.Add(await ScoreAsync("codeact", codeAct, agentDev, run, output, ShowCodeAct).ConfigureAwait(false));

        // RLM: the whole encyclopedia is one long `context` variable the LM explores in code, asking a sub-LM about snippets.
        var encyclopedia = string.Join("\n\n", world.Corpus.Select(p => p.ToString()));
        var reader = new RLM("rlm", RlmSignature, new JavaScriptSandbox(), RLMOptions.Default with { MaxIters = options.MaxIters, MaxLLMCalls = RlmSubCalls });
        output.WriteLine();
        output.WriteLine($"RLM reader (the {world.Corpus.Count}-passage encyclopedia, {encyclopedia.Length:N0} characters, as a variable; at most {options.MaxIters} steps and {RlmSubCalls} sub-LM calls)");
        rows.Add(await ScoreAsync("rlm", reader, [.. examples.Take(options.Questions).Select(e => e.With("context", encyclopedia))], run, output, ShowRlm, ["context", "question"]).ConfigureAwait(false));

        if (options.Compile)
        {
            output.WriteLine();
            var compiledAgent = await CompileAsync(agent, agentTrain, run).ConfigureAwait(false);
            output.WriteLine(Compiled("agent", compiledAgent.Program, compiledAgent.Report));
            var compiledSolver = await CompileAsync(solver, WordProblems.Train, run).ConfigureAwait(false);
            output.WriteLine(Compiled("solver", compiledSolver.Program, compiledSolver.Report));
            rows.Insert(1, await ScoreAsync("react_compiled", compiledAgent.Program, agentDev, run, TextWriter.Null, ShowAgent).ConfigureAwait(false));
            rows.Add(await ScoreAsync("program_of_thought_compiled", compiledSolver.Program, WordProblems.Dev, run, TextWriter.Null, ShowSolver).ConfigureAwait(false));
        }

        output.WriteLine();
        output.WriteLine(identity.IsStandIn ? "Summary (simulated LM: these figures show the programs work; they say nothing about any model)" : $"Summary ({identity.Describe()})");
        foreach (var r in rows)
            output.WriteLine($"  {r.Name,-28} accuracy {r.Correct}/{r.Total} ({r.Correct / (double)r.Total:P0}), {r.LMCalls} LM calls, {r.Tokens} tokens");
        return 0;
    }

    private const int TrainWorldQuestions = 10;

    /// <summary>One program's score on a set of questions.</summary>
    private sealed record Score(string Name, int Correct, int Total, int LMCalls, long Tokens);

    /// <summary>What every evaluation and compile of the job shares: the LM, where progress goes, and the cancellation.</summary>
    private sealed record Run(LMSettings Settings, TextWriter Progress, CancellationToken CancellationToken);

    private static Task<CompileResult<Example, Prediction>> CompileAsync(Program<Example, Prediction> program, IReadOnlyList<Example> trainset, Run run) =>
        ConsoleProgress.CompileAsync(p => new BootstrapFewShot(Metric, new BootstrapFewShotOptions { MaxBootstrappedDemos = 4, MaxLabeledDemos = 0, Settings = run.Settings, Progress = p })
            .CompileAsync(program, trainset, run.CancellationToken), run.Progress);

    /// <summary>Evaluates <paramref name="program"/> one question at a time (progress on <see cref="Run.Progress"/>), then prints each
    /// question, what the program did and whether it was right to <paramref name="output"/>.</summary>
    private static async Task<Score> ScoreAsync(string name, Program<Example, Prediction> program, IReadOnlyList<Example> questions, Run run,
        TextWriter output, Action<TextWriter, Prediction> show, string[]? inputs = null)
    {
        string[] keys = inputs ?? ["question"];
        var result = await ConsoleProgress.EvaluateAsync(p => Evaluate.RunAsync(program, questions, e => e.WithInputs(keys), Metric,
            new EvaluateOptions { Concurrency = 1, MaxErrors = null, Settings = run.Settings, Title = name, Progress = p }, run.CancellationToken), run.Progress, name).ConfigureAwait(false);
        foreach (var row in result.Rows)
        {
            var gold = row.Example.GetText("answer");
            output.WriteLine($"Q: {row.Example.GetText("question")}");
            if (row.Failed)
            {
                output.WriteLine($"  failed: {row.Error!.Split('\n')[0]}  ✗ (gold: {gold})");
                continue;
            }
            show(output, row.Prediction!);
            var answer = row.Prediction!.GetText("answer");
            output.WriteLine($"  answer: {answer}  {(row.Score == 1 ? "✓ correct" : $"✗ wrong (gold: {gold})")}");
        }
        return new Score(name, result.Rows.Count(r => r.Score == 1), questions.Count, result.Usage.LMCalls, result.Usage.TotalTokens);
    }

    private static void ShowAgent(TextWriter output, Prediction prediction)
    {
        foreach (var step in prediction.Get<IReadOnlyList<ReActStep>>(ReAct.TrajectoryField))
        {
            output.WriteLine($"  step {step.Index}  thought: {OneLine(step.Thought, 160)}");
            output.WriteLine($"          tool: {step.ToolName} {step.ToolArgs}");
            output.WriteLine($"          observation: {OneLine(step.Observation, 160)}");
        }
    }

    private static void ShowSolver(TextWriter output, Prediction prediction)
    {
        output.WriteLine($"  code: {OneLine(prediction.GetText(ProgramOfThought.FinalCodeField), 200)}");
        output.WriteLine($"  output: {OneLine(prediction.GetText(ProgramOfThought.CodeOutputField), 80)}");
    }

    private static void ShowCodeAct(TextWriter output, Prediction prediction)
    {
        foreach (var (key, value) in prediction.Get<IReadOnlyDictionary<string, string>>(CodeAct.TrajectoryField))
            output.WriteLine($"  {key}: {OneLine(value, 160)}");
    }

    private static void ShowRlm(TextWriter output, Prediction prediction)
    {
        var steps = prediction.Get<IReadOnlyList<RLMStep>>(RLM.TrajectoryField);
        for (var i = 0; i < steps.Count; i++)
        {
            output.WriteLine($"  step {i + 1}  code: {OneLine(steps[i].Code, 160)}");
            output.WriteLine($"          output: {OneLine(steps[i].Output, 160)}");
        }
    }

    private static string Compiled(string name, Program<Example, Prediction> program, OptimizerReport report) =>
        $"Compiled the {name} with BootstrapFewShot: {Passing(report.Trials.Count(t => t.Accepted))} of {report.Trials.Count} tried, {report.LMCalls} LM calls; demos: " +
        string.Join(", ", program.State.Predictors.Select(p => $"{p.Key} {p.Value.Demos.Count}"));

    private static string Passing(int traces) => traces == 1 ? "1 passing trace" : $"{traces} passing traces";

    /// <summary>Whether <paramref name="answer"/> matches <paramref name="gold"/>: the first number in it for a numeric gold, DSPy's exact match otherwise.</summary>
    public static bool Correct(string gold, string answer)
    {
        ArgumentNullException.ThrowIfNull(gold);
        ArgumentNullException.ThrowIfNull(answer);
        if (double.TryParse(gold, NumberStyles.Float, CultureInfo.InvariantCulture, out var expected))
        {
            var match = System.Text.RegularExpressions.Regex.Match(answer.Replace(",", "", StringComparison.Ordinal), @"-?\d+(?:\.\d+)?");
            return match.Success && Math.Abs(double.Parse(match.Value, CultureInfo.InvariantCulture) - expected) < 1e-6;
        }
        return AnswerMatch.ExactMatch(answer, [gold]);
    }

    private static string OneLine(string text, int max)
    {
        var line = text.ReplaceLineEndings(" ⏎ ").Trim();
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }
}
