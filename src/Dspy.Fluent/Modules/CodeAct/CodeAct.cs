using System.Text;
using Dspy.Fluent.Internal;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// An agent that acts by writing code: in each turn the LM writes a piece of code that may call the tools as
/// functions; it runs in one persistent sandbox session (variables survive between turns) and its output is added to
/// the trajectory, until the LM marks <c>finished</c> or the turns run out; then a chain-of-thought step reads the
/// trajectory and produces the signature's outputs.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.CodeAct</c>, with its two predictors and prompts: <c>{name}.codeact</c> (the task's
/// inputs and <c>trajectory</c> → <c>generated_code</c>, <c>finished</c>) and <c>{name}.extractor</c> (chain of thought
/// over the inputs and the trajectory → the task's outputs), named after DSPy's attributes so saved state carries
/// across. Where DSPy asks for Python with "the Python Standard Library", the prompts ask for the sandbox's language
/// (JavaScript with <c>JavaScriptSandbox</c>) and its "built-in objects"; DSPy defines the tools in the interpreter
/// from their Python source, here they are host functions calling the <see cref="AIFunction"/>s (positional arguments
/// in schema order, or one object of named arguments).</para>
/// <para>The trajectory is DSPy's: <c>generated_code_{i}</c> and <c>code_output_{i}</c> (the code's output as a JSON
/// string, as DSPy's <c>json.dumps</c> of the captured stdout: each printed line, then the last expression's value,
/// each ending in a line break; <c>null</c> when there is neither), or <c>observation_{i}</c> ("Failed to parse the
/// generated code: …" / "Failed to execute the generated code: …"). The loop turn sees it as one JSON object, the
/// extraction as <c>[[ ## key ## ]]</c> blocks, both as DSPy formats them. As in DSPy, a turn whose code cannot be
/// parsed does not end the loop even when marked finished. Unlike ReAct, the extraction is not retried with a
/// shortened trajectory on a context-window error.</para>
/// <para>The output is the extraction's prediction (<c>reasoning</c> and the task's outputs) preceded by
/// <c>trajectory</c>, an ordered <see cref="IReadOnlyDictionary{TKey, TValue}"/> of those entries.</para>
/// </remarks>
/// <example>
/// <code>
/// var add = AIFunctionFactory.Create((int a, int b) =&gt; a + b, "add", "Add two integers.");
/// var agent = new CodeAct("calc", "question -> answer", [add], new JavaScriptSandbox());
/// Prediction result = await agent.RunAsync(Example.Create("question", "What is 1 + 2?"), new LMSettings { Client = lm });
/// </code>
/// </example>
public sealed partial class CodeAct : Program<Example, Prediction>
{
    /// <summary>The input the loop and extraction predictors get: the steps so far.</summary>
    /// <example><code>var value = CodeAct.TrajectoryField;</code></example>
    public const string TrajectoryField = "trajectory";

    /// <summary>The output field the code is written in.</summary>
    /// <example><code>var value = CodeAct.GeneratedCodeField;</code></example>
    public const string GeneratedCodeField = "generated_code";

    /// <summary>DSPy's default number of turns.</summary>
    /// <example><code>var value = CodeAct.DefaultMaxIters;</code></example>
    public const int DefaultMaxIters = 5;

    /// <summary>The output flag that ends the loop.</summary>
    /// <example><code>var value = CodeAct.FinishedField;</code></example>
    public const string FinishedField = "finished";

    private readonly Predictor<Example, Prediction> _codeact;
    private readonly Predictor<Example, Prediction> _extractor;
    private readonly ProgramStructure _structure;

    /// <summary>Creates the agent over a signature in DSPy's string form, with DSPy's 5 turns.</summary>
    /// <param name="name">The stable name; the predictors are <c>{name}.codeact</c> and <c>{name}.extractor</c>.</param>
    /// <param name="signature">E.g. <c>"question -> answer"</c>.</param>
    /// <param name="tools">The tools the code may call, by name.</param>
    /// <param name="sandbox">Where the code runs, e.g. <c>new JavaScriptSandbox()</c>; one session per run.</param>
    /// <example><code>var agent = new CodeAct("calc", "question -> answer", [add], new JavaScriptSandbox());</code></example>
    public CodeAct(string name, string signature, IEnumerable<AIFunction> tools, ICodeSessionFactory sandbox)
        : this(name, Signature.Parse(signature ?? throw new ArgumentNullException(nameof(signature))), tools, sandbox, DefaultMaxIters) { }

    /// <summary>Creates the agent over a signature in DSPy's string form.</summary>
    /// <param name="name">The stable name; the predictors are <c>{name}.codeact</c> and <c>{name}.extractor</c>.</param>
    /// <param name="signature">E.g. <c>"question -> answer"</c>.</param>
    /// <param name="tools">The tools the code may call, by name.</param>
    /// <param name="sandbox">Where the code runs, e.g. <c>new JavaScriptSandbox()</c>; one session per run.</param>
    /// <param name="maxIters">The most pieces of code before answering; DSPy's default is 5.</param>
    /// <example><code>var agent = new CodeAct("calc", "question -> answer", [add], new JavaScriptSandbox(), 3);</code></example>
    public CodeAct(string name, string signature, IEnumerable<AIFunction> tools, ICodeSessionFactory sandbox, int maxIters)
        : this(name, Signature.Parse(signature ?? throw new ArgumentNullException(nameof(signature))), tools, sandbox, maxIters) { }

    /// <summary>Creates the agent over a signature, with DSPy's 5 turns.</summary>
    /// <param name="name">The stable name.</param>
    /// <param name="signature">The task.</param>
    /// <param name="tools">The tools the code may call, by name.</param>
    /// <param name="sandbox">Where the code runs.</param>
    /// <example><code>var agent = new CodeAct("calc", Signature.Parse("question -> answer"), [add], new JavaScriptSandbox());</code></example>
    public CodeAct(string name, Signature signature, IEnumerable<AIFunction> tools, ICodeSessionFactory sandbox)
        : this(name, signature, tools, sandbox, DefaultMaxIters) { }

    /// <summary>Creates the agent over a signature.</summary>
    /// <param name="name">The stable name.</param>
    /// <param name="signature">The task.</param>
    /// <param name="tools">The tools the code may call, by name.</param>
    /// <param name="sandbox">Where the code runs.</param>
    /// <param name="maxIters">The most pieces of code before answering.</param>
    /// <exception cref="ArgumentException">Two tools share a name, a name is not an identifier or is <c>SUBMIT</c>, or <paramref name="maxIters"/> is below 1.</exception>
    /// <example><code>var agent = new CodeAct("calc", Signature.Parse("question -> answer"), [add], new JavaScriptSandbox());</code></example>
    public CodeAct(string name, Signature signature, IEnumerable<AIFunction> tools, ICodeSessionFactory sandbox, int maxIters)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIters, 1);
        var list = tools.ToArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tool in list)
        {
            ArgumentNullException.ThrowIfNull(tool, nameof(tools));
            if (!HostFunction.IsIdentifier(tool.Name) || tool.Name == "SUBMIT")
                throw new ArgumentException($"CodeAct '{name}': the tool name '{tool.Name}' cannot be called from code; name it with an identifier other than SUBMIT.", nameof(tools));
            if (!names.Add(tool.Name))
                throw new ArgumentException($"CodeAct '{name}': two tools are called '{tool.Name}'; the code calls tools by name, so give each a distinct one.", nameof(tools));
        }
        Name = name;
        Signature = signature;
        Tools = list;
        Sandbox = sandbox;
        MaxIters = maxIters;
        var path = new PredictorName(name);
        _codeact = Predict.Make(path / "codeact", Loop(signature, list, sandbox.Language), PredictorKind.Predict);
        _extractor = Predict.Make(path / "extractor", Predict.WithReasoning(ReActPrompts.Extract(signature)), PredictorKind.ChainOfThought);
        _structure = ProgramStructure.Of(_codeact, _extractor);
    }

    /// <summary>The agent's two predictors: <c>{name}.codeact</c> (the loop) and <c>{name}.extractor</c> (the answer).</summary>
    /// <example><code>var names = agent.Structure.Predictors.Select(p =&gt; p.Name);</code></example>
    public override ProgramStructure Structure => _structure;

    /// <summary>The stable name.</summary>
    /// <example><code>var name = agent.Name;</code></example>
    public string Name { get; }

    /// <summary>The task's signature.</summary>
    /// <example><code>var signature = agent.Signature;</code></example>
    public Signature Signature { get; }

    /// <summary>The tools, in the order the LM sees them.</summary>
    /// <example><code>var tools = agent.Tools;</code></example>
    public IReadOnlyList<AIFunction> Tools { get; }

    /// <summary>Where the code runs.</summary>
    /// <example><code>var language = agent.Sandbox.Language;</code></example>
    public ICodeSessionFactory Sandbox { get; }

    /// <summary>The most pieces of code before answering.</summary>
    /// <example><code>var turns = agent.MaxIters;</code></example>
    public int MaxIters { get; }

    /// <summary>The code-writing predictor, <c>{name}.codeact</c>.</summary>
    /// <example><code>var instructions = agent.CodeActPredictor.Signature.Instructions;</code></example>
    public IPredictor CodeActPredictor => _codeact;

    /// <summary>The answering predictor, <c>{name}.extractor</c> (chain of thought).</summary>
    /// <example><code>var fields = agent.Extractor.Signature.Fields;</code></example>
    public IPredictor Extractor => _extractor;

    /// <inheritdoc />
    protected internal override async ValueTask<Prediction> RunCoreAsync(Example input, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var inputs = ModuleInputs.Only(input, Signature.InputFields);
        var trajectory = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        var session = await ObservedCode.StartAsync(Sandbox, Tools.Select(t => ToolFunctions.From(t, context.Settings)), context.Settings, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            for (var idx = 0; idx < MaxIters; idx++)
            {
                var call = inputs.With(TrajectoryField, PythonJson.Serialize(trajectory));
                var turn = await _codeact.PredictAsync(call.WithInputs([.. inputs.Keys, TrajectoryField]), context, cancellationToken).ConfigureAwait(false);
                var (code, parseError) = ProgramOfThought.ExtractCode(turn.GetText(GeneratedCodeField));
                if (parseError is not null)
                {
                    trajectory[$"observation_{idx}"] = $"Failed to parse the generated code: {parseError}";
                    continue;
                }
                trajectory[$"generated_code_{idx}"] = code;
                var run = await ObservedCode.ExecuteAsync(context.Settings, Sandbox.Language, code, session.ExecuteAsync, cancellationToken).ConfigureAwait(false);
                if (run.Succeeded) trajectory[$"code_output_{idx}"] = StdoutJson(run);
                else trajectory[$"observation_{idx}"] = $"Failed to execute the generated code: {run.Error}";
                if (IsTrue(turn.TryGetValue(FinishedField, out var finished) ? finished : null)) break;
            }
        }
        var final = inputs.With(TrajectoryField, ReActPrompts.FormatBlocks(trajectory));
        var answer = await _extractor.PredictAsync(final.WithInputs([.. inputs.Keys, TrajectoryField]), context, cancellationToken).ConfigureAwait(false);
        var result = Prediction.Empty.With(TrajectoryField, (IReadOnlyDictionary<string, string>)trajectory);
        foreach (var (key, value) in answer) result = result.With(key, value);
        return result;
    }

    private static bool IsTrue(object? value) => value switch
    {
        bool b => b,
        string s => bool.TryParse(s.Trim(), out var b) && b,
        _ => false,
    };

    /// <summary>What the code wrote, as Python's <c>json.dumps</c> of a captured stdout (ASCII-escaped), or <c>null</c>.</summary>
    internal static string StdoutJson(CodeExecutionResult run)
    {
        var text = new StringBuilder();
        if (run.Output.Length > 0) text.Append(run.Output).Append('\n');
        if (run.Result is { } value) text.Append(value).Append('\n');
        if (text.Length == 0) return "null";
        var json = new StringBuilder();
        PythonJson.WriteString(json, text.ToString());
        var ascii = new StringBuilder(json.Length);
        foreach (var c in json.ToString())
            if (c > 0x7E) ascii.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            else ascii.Append(c);
        return ascii.ToString();
    }
}
