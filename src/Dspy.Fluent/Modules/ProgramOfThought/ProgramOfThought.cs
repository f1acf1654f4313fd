using System.Text.RegularExpressions;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>
/// Solves a task by having the LM write code, running it in a sandbox, and answering from the code and its output.
/// When the code fails, the LM is shown the code and the error and writes a corrected version.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.ProgramOfThought</c>, with its three chain-of-thought steps and their prompts, written
/// for the interpreter's language (JavaScript with the Dspy.Fluent.Jint package's <c>JavaScriptSandbox</c>) instead of Python: <c>{name}.code_generate</c> (the task's
/// inputs → <c>generated_code</c>), <c>{name}.code_regenerate</c> (adds <c>previous_code</c> and <c>error</c>) and
/// <c>{name}.generate_output</c> (adds <c>final_generated_code</c> and <c>code_output</c> → the task's outputs). Each
/// records its calls in the run's trace, so optimizers can give each its own demos.</para>
/// <para>The code's answer is its last expression's value, plus anything it printed; a fenced code block is taken
/// from the reply, and a last line that only assigns a variable (<c>const answer = …</c>) is made to evaluate to it,
/// as DSPy does for Python. After <see cref="ProgramOfThoughtOptions.MaxIters"/> failed pieces of code it throws
/// <see cref="ProgramOfThoughtException"/>. The output is the answer step's prediction (<c>reasoning</c> and the
/// task's outputs) preceded by <c>final_generated_code</c> and <c>code_output</c>.</para>
/// </remarks>
/// <example>
/// <code>
/// var solver = new ProgramOfThought("math", "question -> answer: float", new JavaScriptSandbox());
/// var result = await solver.RunAsync(Example.Create("question", "What is 17% of 2,340?"), new LMSettings { Client = lm });
/// </code>
/// </example>
public sealed partial class ProgramOfThought : Program<Example, Prediction>
{
    /// <summary>The output field the code is written in.</summary>
    public const string GeneratedCodeField = "generated_code";

    /// <summary>The input carrying the code that ran (answer step).</summary>
    public const string FinalCodeField = "final_generated_code";

    /// <summary>The input carrying what the code produced (answer step).</summary>
    public const string CodeOutputField = "code_output";

    private readonly Predictor<Example, Prediction> _generate;
    private readonly Predictor<Example, Prediction> _regenerate;
    private readonly Predictor<Example, Prediction> _answer;
    private readonly ICodeInterpreter _interpreter;
    private readonly ProgramStructure _structure;

    /// <summary>Creates the module over a signature in DSPy's string form.</summary>
    /// <param name="name">The stable name; predictors are <c>{name}.code_generate</c>, <c>{name}.code_regenerate</c>, <c>{name}.generate_output</c>.</param>
    /// <param name="signature">The task, e.g. <c>"question -> answer: float"</c>.</param>
    /// <param name="interpreter">Where the code runs, e.g. <c>new JavaScriptSandbox()</c> (package Dspy.Fluent.Jint); its language is the one the prompts ask for.</param>
    /// <param name="options">Attempts.</param>
    public ProgramOfThought(string name, string signature, ICodeInterpreter interpreter, ProgramOfThoughtOptions? options = null)
        : this(name, Signature.Parse(signature ?? throw new ArgumentNullException(nameof(signature))), interpreter, options) { }

    /// <summary>Creates the module.</summary>
    /// <param name="name">The stable name.</param>
    /// <param name="signature">The task.</param>
    /// <param name="interpreter">Where the code runs; its language is the one the prompts ask for.</param>
    /// <param name="options">Attempts.</param>
    public ProgramOfThought(string name, Signature signature, ICodeInterpreter interpreter, ProgramOfThoughtOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(interpreter);
        var o = options ?? ProgramOfThoughtOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(o.MaxIters, 1, nameof(options));
        Name = name;
        Signature = signature;
        Options = o;
        _interpreter = interpreter;
        var language = _interpreter.Language;
        var path = new PredictorName(name);
        _generate = Predict.Make(path / "code_generate", Predict.WithReasoning(Build(signature, Mode.Generate, language)), PredictorKind.ChainOfThought);
        _regenerate = Predict.Make(path / "code_regenerate", Predict.WithReasoning(Build(signature, Mode.Regenerate, language)), PredictorKind.ChainOfThought);
        _answer = Predict.Make(path / "generate_output", Predict.WithReasoning(Build(signature, Mode.Answer, language)), PredictorKind.ChainOfThought);
        _structure = ProgramStructure.Of(_generate, _regenerate, _answer);
    }

    /// <summary>Where the code runs.</summary>
    public ICodeInterpreter Interpreter => _interpreter;

    /// <summary>The module's three predictors: <c>code_generate</c>, <c>code_regenerate</c>, <c>generate_output</c> under its name.</summary>
    public override ProgramStructure Structure => _structure;

    /// <summary>The stable name.</summary>
    public string Name { get; }

    /// <summary>The task's signature.</summary>
    public Signature Signature { get; }

    /// <summary>Attempts and interpreter.</summary>
    public ProgramOfThoughtOptions Options { get; }

    /// <summary>The code-writing predictor, <c>{name}.code_generate</c>.</summary>
    public IPredictor CodeGenerate => _generate;

    /// <summary>The code-fixing predictor, <c>{name}.code_regenerate</c>.</summary>
    public IPredictor CodeRegenerate => _regenerate;

    /// <summary>The answering predictor, <c>{name}.generate_output</c>.</summary>
    public IPredictor GenerateOutput => _answer;

    /// <inheritdoc />
    protected internal override async ValueTask<Prediction> RunCoreAsync(Example input, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var inputs = ModuleInputs.Only(input, Signature.InputFields);
        var reply = await _generate.PredictAsync(inputs, context, cancellationToken).ConfigureAwait(false);
        var (code, error, output) = await RunCodeAsync(reply, context.Settings, cancellationToken).ConfigureAwait(false);
        for (var hop = 1; error is not null; hop++)
        {
            if (hop == Options.MaxIters) throw new ProgramOfThoughtException(Name, hop, code, error);
            var retry = inputs.With("previous_code", code).With("error", error);
            reply = await _regenerate.PredictAsync(retry.WithInputs(retry.Keys), context, cancellationToken).ConfigureAwait(false);
            (code, error, output) = await RunCodeAsync(reply, context.Settings, cancellationToken).ConfigureAwait(false);
        }
        var final = inputs.With(FinalCodeField, code).With(CodeOutputField, output);
        var answer = await _answer.PredictAsync(final.WithInputs(final.Keys), context, cancellationToken).ConfigureAwait(false);
        var result = Prediction.Empty.With(FinalCodeField, code).With(CodeOutputField, output);
        foreach (var (key, value) in answer) result = result.With(key, value);
        return result;
    }

    private async ValueTask<(string Code, string? Error, string Output)> RunCodeAsync(Prediction reply, LMSettings settings, CancellationToken cancellationToken)
    {
        var (code, parseError) = ExtractCode(reply.GetText(GeneratedCodeField));
        if (parseError is not null) return (code, parseError, "");
        var run = await ObservedCode.ExecuteAsync(settings, _interpreter.Language, code, _interpreter.ExecuteAsync, cancellationToken).ConfigureAwait(false);
        if (!run.Succeeded) return (code, run.Error, "");
        return (code, null, CodeOutput(run));
    }

    /// <summary>What the answer step sees: the printed lines, then the last expression's value.</summary>
    private static string CodeOutput(CodeExecutionResult run) => (run.Output.Length, run.Result) switch
    {
        (0, null) => "undefined",
        (0, { } result) => result,
        (_, null) => run.Output,
        (_, { } result) => $"{run.Output}\n{result}",
    };

    /// <summary>The code from a reply: the first fenced block if any; a trailing assignment made to evaluate to its variable.</summary>
    internal static (string Code, string? Error) ExtractCode(string text)
    {
        var fenced = FencedBlock().Match(text);
        var code = (fenced.Success ? fenced.Groups["code"].Value : text).Trim();
        if (code.Length == 0) return (code, "Error: Empty code after parsing.");
        var lines = code.Split('\n');
        var last = TrailingAssignment().Match(lines[^1].Trim());
        if (last.Success && (lines.Length > 1 || last.Groups["decl"].Success))
            code += $"\n{last.Groups["name"].Value};";
        return (code, null);
    }

    [GeneratedRegex(@"```[ \t]*(?:javascript|js|typescript|ts|jsx)?[ \t]*\r?\n(?<code>.*?)```", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"^(?<decl>(?:let|const|var)\s+)?(?<name>[A-Za-z_$][\w$]*)\s*=(?!=)")]
    private static partial Regex TrailingAssignment();
}
