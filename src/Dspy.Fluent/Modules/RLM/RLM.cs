using System.Text;
using System.Text.Json;
using Dspy.Fluent.Internal;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// A recursive language model: the LM never reads the (long) inputs in its prompt; it explores them by writing code
/// in a persistent sandbox session where they are variables, calls sub-LMs over snippets with <c>llm_query</c> /
/// <c>llm_query_batched</c>, sees what the code prints, and ends with <c>SUBMIT(…)</c>.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.RLM</c> (Zhang, Kraska, Khattab, 2025), with its two predictors and prompts:
/// <c>{name}.generate_action</c> (<c>variables_info</c>, <c>repl_history</c>, <c>iteration</c> → <c>reasoning</c>,
/// <c>code</c>) and <c>{name}.extract</c> (<c>variables_info</c>, <c>repl_history</c> → the task's outputs), used only
/// when <see cref="RLMOptions.MaxIters"/> steps pass without a successful <c>SUBMIT</c>.</para>
/// <para>Where the prompts differ from DSPy's, and why: they say the sandbox's language (JavaScript) where DSPy says
/// Python, the history fences code as <c>```javascript</c>, a variable's <c>Type:</c> is its JavaScript type
/// (<c>string</c>, <c>number</c>, <c>array</c>, <c>object</c>) rather than a Python type name, and the sandbox's
/// <see cref="ICodeSessionFactory.ExecutionInstructions"/> fill DSPy's "Execution environment:" slot (the code must be
/// told that top-level <c>let</c>/<c>const</c> cannot be redeclared between steps). <c>SUBMIT</c> takes the outputs
/// positionally in signature order, or one object with the output names as keys (JavaScript has no keyword
/// arguments).</para>
/// <para>Sub-LM calls go through the same LM layer as the predictors: the run's client (or
/// <see cref="RLMOptions.SubLM"/>) with its cache, retries and usage, recorded in the run's LM history under
/// <c>{name}.llm_query</c>, observed as LM calls, and cancelled with the run. Each prompt is sent as one user message
/// with no adapter, as DSPy's <c>lm(prompt)</c> does. Past <see cref="RLMOptions.MaxLLMCalls"/> a call throws in the
/// code (<c>LLM call limit exceeded: {used} + {n} &gt; {max}. Use JavaScript code for aggregation instead of making
/// more LLM calls.</c>), which the LM sees in the step's output, as in DSPy.</para>
/// <para>The output is the task's outputs, <c>trajectory</c> (the steps, as <see cref="RLMStep"/>s) and
/// <c>final_reasoning</c> (the submitting step's reasoning, or <c>Extract forced final output</c>).</para>
/// </remarks>
/// <example>
/// <code>
/// var rlm = new RLM("reader", "context, question -> answer", new JavaScriptSandbox(), new RLMOptions { MaxIters = 10 });
/// Prediction result = await rlm.RunAsync(Example.Create("context", longText).With("question", "Who signed?"), new LMSettings { Client = lm });
/// </code>
/// </example>
public sealed partial class RLM : Program<Example, Prediction>
{
    /// <summary>The input describing the variables (names, types, lengths, previews).</summary>
    /// <example><code>var value = RLM.VariablesInfoField;</code></example>
    public const string VariablesInfoField = "variables_info";

    /// <summary>The input holding the steps so far.</summary>
    /// <example><code>var value = RLM.ReplHistoryField;</code></example>
    public const string ReplHistoryField = "repl_history";

    /// <summary>The input saying which step this is, e.g. <c>1/20</c>.</summary>
    /// <example><code>var value = RLM.IterationField;</code></example>
    public const string IterationField = "iteration";

    /// <summary>The action's reasoning output.</summary>
    /// <example><code>var value = RLM.ReasoningField;</code></example>
    public const string ReasoningField = "reasoning";

    /// <summary>The action's code output.</summary>
    /// <example><code>var value = RLM.CodeField;</code></example>
    public const string CodeField = "code";

    /// <summary>The output key of the steps taken.</summary>
    /// <example><code>var value = RLM.TrajectoryField;</code></example>
    public const string TrajectoryField = "trajectory";

    /// <summary>The output key of the reasoning that ended the run.</summary>
    /// <example><code>var value = RLM.FinalReasoningField;</code></example>
    public const string FinalReasoningField = "final_reasoning";

    private static readonly string[] ReservedSandboxNames = ["llm_query", "llm_query_batched", "SUBMIT", "print"];
    private readonly Predictor<Example, Prediction> _action;
    private readonly Predictor<Example, Prediction> _extract;
    private readonly ProgramStructure _structure;
    private readonly string _fence;

    /// <summary>Creates the module over a signature in DSPy's string form, with DSPy's defaults.</summary>
    /// <param name="name">The stable name; the predictors are <c>{name}.generate_action</c> and <c>{name}.extract</c>.</param>
    /// <param name="signature">E.g. <c>"context, question -> answer"</c>.</param>
    /// <param name="sandbox">Where the code runs, e.g. <c>new JavaScriptSandbox()</c>; one session per run.</param>
    /// <example><code>var rlm = new RLM("reader", "context, question -> answer", new JavaScriptSandbox());</code></example>
    public RLM(string name, string signature, ICodeSessionFactory sandbox)
        : this(name, Signature.Parse(signature ?? throw new ArgumentNullException(nameof(signature))), sandbox, RLMOptions.Default) { }

    /// <summary>Creates the module over a signature in DSPy's string form.</summary>
    /// <param name="name">The stable name.</param>
    /// <param name="signature">E.g. <c>"context, question -> answer"</c>.</param>
    /// <param name="sandbox">Where the code runs.</param>
    /// <param name="options">Turns, sub-LM budget, tools, sub-LM.</param>
    /// <example><code>var rlm = new RLM("reader", "context, question -> answer", new JavaScriptSandbox(), new RLMOptions { MaxLLMCalls = 5 });</code></example>
    public RLM(string name, string signature, ICodeSessionFactory sandbox, RLMOptions options)
        : this(name, Signature.Parse(signature ?? throw new ArgumentNullException(nameof(signature))), sandbox, options) { }

    /// <summary>Creates the module with DSPy's defaults.</summary>
    /// <param name="name">The stable name.</param>
    /// <param name="signature">The task.</param>
    /// <param name="sandbox">Where the code runs.</param>
    /// <example><code>var rlm = new RLM("reader", Signature.Parse("context, question -> answer"), new JavaScriptSandbox());</code></example>
    public RLM(string name, Signature signature, ICodeSessionFactory sandbox)
        : this(name, signature, sandbox, RLMOptions.Default) { }

    /// <summary>Creates the module.</summary>
    /// <param name="name">The stable name.</param>
    /// <param name="signature">The task.</param>
    /// <param name="sandbox">Where the code runs.</param>
    /// <param name="options">Turns, sub-LM budget, tools, sub-LM.</param>
    /// <exception cref="ArgumentException">A tool or input name clashes with the sandbox's functions, an output is
    /// called <c>trajectory</c> or <c>final_reasoning</c>, two tools share a name, or a limit is below 1.</exception>
    /// <example><code>var rlm = new RLM("reader", Signature.Parse("context, question -> answer"), new JavaScriptSandbox(), RLMOptions.Default);</code></example>
    public RLM(string name, Signature signature, ICodeSessionFactory sandbox, RLMOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxIters, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLLMCalls, 0, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxOutputChars, 1, nameof(options));
        Validate(name, signature, options.Tools);
        Name = name;
        Signature = signature;
        Sandbox = sandbox;
        Options = options;
        _fence = sandbox.Language.ToLowerInvariant();
        var (action, extract) = Build(signature, options, sandbox);
        var path = new PredictorName(name);
        _action = Predict.Make(path / "generate_action", action, PredictorKind.Predict);
        _extract = Predict.Make(path / "extract", extract, PredictorKind.Predict);
        _structure = ProgramStructure.Of(_action, _extract);
    }

    /// <summary>The two predictors: <c>{name}.generate_action</c> and <c>{name}.extract</c>.</summary>
    /// <example><code>var names = rlm.Structure.Predictors.Select(p =&gt; p.Name);</code></example>
    public override ProgramStructure Structure => _structure;

    /// <summary>The stable name.</summary>
    /// <example><code>var name = rlm.Name;</code></example>
    public string Name { get; }

    /// <summary>The task's signature.</summary>
    /// <example><code>var outputs = rlm.Signature.OutputFields;</code></example>
    public Signature Signature { get; }

    /// <summary>Where the code runs.</summary>
    /// <example><code>var language = rlm.Sandbox.Language;</code></example>
    public ICodeSessionFactory Sandbox { get; }

    /// <summary>Turns, budget, tools and sub-LM.</summary>
    /// <example><code>var budget = rlm.Options.MaxLLMCalls;</code></example>
    public RLMOptions Options { get; }

    /// <summary>The code-writing predictor, <c>{name}.generate_action</c>.</summary>
    /// <example><code>var instructions = rlm.GenerateAction.Signature.Instructions;</code></example>
    public IPredictor GenerateAction => _action;

    /// <summary>The fallback predictor, <c>{name}.extract</c>.</summary>
    /// <example><code>var fields = rlm.Extract.Signature.Fields;</code></example>
    public IPredictor Extract => _extract;

    /// <summary>The name sub-LM calls are recorded under in the LM history: <c>{name}.llm_query</c>.</summary>
    /// <example><code>var subCalls = history.Calls.Count(c =&gt; c.Predictor == rlm.SubLMCaller);</code></example>
    public string SubLMCaller => $"{Name}.llm_query";

    /// <inheritdoc />
    protected internal override async ValueTask<Prediction> RunCoreAsync(Example input, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var missing = Signature.InputFields.Where(f => !input.ContainsKey(f.Name)).Select(f => f.Name).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"RLM '{Name}': missing required inputs: {PythonRepr.Str(missing)}.", nameof(input));
        var values = Signature.InputFields.Select(f => (Field: f, Value: input[f.Name])).ToArray();
        var variablesInfo = values.Select(v => DescribeVariable(v.Field, v.Value)).ToArray();
        var budget = new Budget(Options.MaxLLMCalls, Sandbox.Language);
        var functions = new List<HostFunction> { LlmQuery(budget, context), LlmQueryBatched(budget, context) };
        functions.AddRange(Options.Tools.Select(t => ToolFunctions.From(t, context.Settings)));
        var steps = new List<RLMStep>();
        var session = await ObservedCode.StartAsync(Sandbox, functions, context.Settings, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            for (var iteration = 0; iteration < Options.MaxIters; iteration++)
            {
                var call = Example.Create(VariablesInfoField, variablesInfo)
                    .With(ReplHistoryField, FormatHistory(steps, Options.MaxOutputChars, _fence))
                    .With(IterationField, $"{iteration + 1}/{Options.MaxIters}");
                var action = await _action.PredictAsync(call.WithInputs([VariablesInfoField, ReplHistoryField, IterationField]), context, cancellationToken).ConfigureAwait(false);
                var reasoning = action.GetText(ReasoningField);
                var (code, fenceError) = StripFences(action.GetText(CodeField), Sandbox.Language);
                if (fenceError is not null)
                {
                    steps.Add(new RLMStep(reasoning, code, $"[Error] {fenceError}"));
                    continue;
                }
                foreach (var (field, value) in values) session.SetVariable(field.Name, value);
                var run = await ObservedCode.ExecuteAsync(context.Settings, Sandbox.Language, code, session.ExecuteAsync, cancellationToken).ConfigureAwait(false);
                if (!run.Succeeded)
                {
                    steps.Add(new RLMStep(reasoning, code, $"[Error] {run.Error}"));
                    continue;
                }
                if (run.Submitted is { } submitted)
                {
                    var (outputs, error) = ReadSubmission(submitted);
                    if (outputs is null)
                    {
                        steps.Add(new RLMStep(reasoning, code, error!));
                        continue;
                    }
                    steps.Add(new RLMStep(reasoning, code, $"FINAL: {PythonRepr.Str(outputs)}"));
                    return Finish(outputs, steps, reasoning);
                }
                var output = Stdout(run);
                steps.Add(new RLMStep(reasoning, code, output.Length == 0 ? "(no output - did you forget to print?)" : output));
            }
        }
        var fallback = Example.Create(VariablesInfoField, variablesInfo).With(ReplHistoryField, FormatHistory(steps, Options.MaxOutputChars, _fence));
        var extracted = await _extract.PredictAsync(fallback.WithInputs([VariablesInfoField, ReplHistoryField]), context, cancellationToken).ConfigureAwait(false);
        var forced = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var f in Signature.OutputFields) forced[f.Name] = extracted.TryGetValue(f.Name, out var v) ? v : null;
        return Finish(forced, steps, "Extract forced final output");
    }

    private static Prediction Finish(IReadOnlyDictionary<string, object?> outputs, List<RLMStep> steps, string reasoning)
    {
        var result = Prediction.Empty;
        foreach (var (key, value) in outputs) result = result.With(key, value);
        return result.With(TrajectoryField, steps.ToArray()).With(FinalReasoningField, reasoning);
    }

    /// <summary>What the code printed, as a captured stdout: each line, then the last expression's value, each ending in a line break.</summary>
    private static string Stdout(CodeExecutionResult run)
    {
        var text = new StringBuilder();
        if (run.Output.Length > 0) text.Append(run.Output).Append('\n');
        if (run.Result is { } value) text.Append(value).Append('\n');
        return text.ToString();
    }

    /// <summary>DSPy's <c>_process_final_output</c>: the submitted values by output name, parsed to their types, or the error the LM is shown.</summary>
    private (Dictionary<string, object?>? Outputs, string? Error) ReadSubmission(IReadOnlyList<JsonElement> args)
    {
        var fields = Signature.OutputFields;
        var names = fields.Select(f => f.Name).ToArray();
        var raw = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (args.Count == 1 && args[0].ValueKind == JsonValueKind.Object && (names.Length > 1 || args[0].EnumerateObject().Any(p => p.Name == names[0]))
            && args[0].EnumerateObject().All(p => names.Contains(p.Name)))
        {
            foreach (var p in args[0].EnumerateObject()) raw[p.Name] = p.Value;
        }
        else if (args.Count == names.Length)
        {
            for (var i = 0; i < names.Length; i++) raw[names[i]] = args[i];
        }
        else if (args.Count != 0 && args.Count < names.Length)
        {
            for (var i = 0; i < args.Count; i++) raw[names[i]] = args[i];
        }
        else if (args.Count > names.Length)
            return (null, $"[Error] SUBMIT takes {Counted.Of(names.Length, "argument")} ({string.Join(", ", names)}) but got {args.Count}.");
        var missingNames = names.Where(n => !raw.ContainsKey(n)).Order(StringComparer.Ordinal).ToArray();
        if (missingNames.Length > 0)
            return (null, $"[Error] Missing output fields: {PythonRepr.Str(missingNames)}. Use SUBMIT({string.Join(", ", names)})");
        var parsed = new Dictionary<string, object?>(StringComparer.Ordinal);
        var typeErrors = new List<string>();
        foreach (var field in fields)
        {
            var value = raw[field.Name];
            try
            {
                parsed[field.Name] = FieldValueParser.Parse(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText(), field.Type);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or JsonException or InvalidOperationException or OverflowException)
            {
                typeErrors.Add($"{field.Name}: expected {field.Type.PythonName}, got {JsonType(value)}: {e.Message}");
            }
        }
        return typeErrors.Count > 0 ? (null, "[Type Error] " + string.Join("; ", typeErrors)) : (parsed, null);
    }

    private static string JsonType(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };

    private HostFunction LlmQuery(Budget budget, RunContext context) => new("llm_query", async (args, ct) =>
    {
        var prompt = args.Count == 0 ? "" : Text(args[0]);
        if (prompt.Length == 0) throw new ArgumentException("prompt cannot be empty");
        budget.Take(1);
        return await LMInvoker.CompleteAsync(SubLMCaller, prompt, Options.SubLM, context, ct).ConfigureAwait(false);
    });

    private HostFunction LlmQueryBatched(Budget budget, RunContext context) => new("llm_query_batched", async (args, ct) =>
    {
        if (args.Count == 0 || args[0].ValueKind is JsonValueKind.Null) return Array.Empty<string>();
        if (args[0].ValueKind != JsonValueKind.Array) throw new ArgumentException("llm_query_batched takes an array of prompt strings.");
        var prompts = args[0].EnumerateArray().Select(Text).ToArray();
        if (prompts.Length == 0) return Array.Empty<string>();
        budget.Take(prompts.Length);
        var answers = await Task.WhenAll(prompts.Select(async p =>
        {
            try
            {
                return await LMInvoker.CompleteAsync(SubLMCaller, p, Options.SubLM, context, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return $"[ERROR] {e.Message}";
            }
        })).ConfigureAwait(false);
        return answers;
    });

    private static string Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();

    private static void Validate(string name, Signature signature, IReadOnlyList<AIFunction> tools)
    {
        var toolNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tool in tools)
        {
            ArgumentNullException.ThrowIfNull(tool, nameof(tools));
            if (!HostFunction.IsIdentifier(tool.Name))
                throw new ArgumentException($"RLM '{name}': invalid tool name '{tool.Name}': must be an identifier.", nameof(tools));
            if (ReservedSandboxNames.Contains(tool.Name))
                throw new ArgumentException($"RLM '{name}': tool name '{tool.Name}' conflicts with built-in sandbox function.", nameof(tools));
            if (!toolNames.Add(tool.Name)) throw new ArgumentException($"RLM '{name}': duplicate tool name '{tool.Name}'.", nameof(tools));
        }
        var inputs = signature.InputFields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var reserved = inputs.Intersect(ReservedSandboxNames).Order(StringComparer.Ordinal).ToArray();
        if (reserved.Length > 0) throw new ArgumentException($"RLM '{name}': input fields conflict with built-in sandbox functions: {PythonRepr.Str(reserved)}.", nameof(signature));
        var clash = inputs.Intersect(toolNames).Order(StringComparer.Ordinal).ToArray();
        if (clash.Length > 0) throw new ArgumentException($"RLM '{name}': input fields conflict with user tools: {PythonRepr.Str(clash)}.", nameof(signature));
        var outputs = signature.OutputFields.Select(f => f.Name).Intersect([TrajectoryField, FinalReasoningField]).Order(StringComparer.Ordinal).ToArray();
        if (outputs.Length > 0) throw new ArgumentException($"RLM '{name}': output fields conflict with RLM result metadata: {PythonRepr.Str(outputs)}.", nameof(signature));
    }

    /// <summary>The run's sub-LM calls: DSPy's <c>_check_and_increment</c>.</summary>
    private sealed class Budget(int max, string language)
    {
        private readonly Lock _gate = new();
        private int _used;

        public void Take(int n)
        {
            lock (_gate)
            {
                if (_used + n > max)
                    throw new InvalidOperationException($"LLM call limit exceeded: {_used} + {n} > {max}. Use {language} code for aggregation instead of making more LLM calls.");
                _used += n;
            }
        }
    }
}
