using System.Text.Json;
using Dspy.Fluent.Internal;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// A tool-using agent ("reasoning and acting"): in each turn the LM writes a thought, picks a tool and its JSON
/// arguments; the tool's result is appended to the trajectory; when it picks <c>finish</c> (or runs out of turns) a
/// chain-of-thought step reads the trajectory and produces the signature's outputs.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.ReAct</c>, with the same prompts. Its two predictors have stable names,
/// <c>{name}.react</c> (the loop) and <c>{name}.extract</c> (the answer), and record every call in the run's trace, so
/// optimizers can give each its own demos and instructions.</para>
/// <para>The output is the extraction's prediction (<c>reasoning</c> and the signature's outputs) with the whole
/// trajectory under <c>trajectory</c> as a list of <see cref="ReActStep"/>.</para>
/// <para>Tools are <see cref="AIFunction"/>s; the LM sees each one's name, description and argument JSON schemas.
/// A tool that throws and arguments that are not a JSON object or do not bind to the tool's parameters become the
/// observation text (<c>Execution error in {tool}: …</c>) for the LM to correct; they never end the run.</para>
/// <para>A tool name that is not one of the tools ends the loop, as in DSPy (<see cref="ReActUnknownTool.EndLoop"/>, the
/// default): the reply does not parse, the adapter's fallback is tried once, and if it names an unknown tool too the
/// answer is extracted from the steps before; the output's trajectory ends with that turn, its observation saying why.
/// With <see cref="ReActOptions.UnknownTool"/> set to <see cref="ReActUnknownTool.ReportToLM"/> the agent instead tells
/// the LM the tool does not exist and continues (the behaviour before DSPy's became the default).</para>
/// <para>When the provider reports that the prompt exceeds the context window
/// (<see cref="ContextWindowExceededException.IsContextWindowError"/>), the oldest step is dropped from the prompt and
/// the call retried, up to three times, as DSPy does; <see cref="ReActOptions.MaxTrajectoryChars"/> bounds the prompt
/// up front. Dropped steps leave the prompt only: the output keeps the full trajectory.</para>
/// </remarks>
/// <example>
/// <code>
/// var weather = AIFunctionFactory.Create((string city) =&gt; $"Sunny in {city}", "get_weather", "Current weather for a city.");
/// var agent = new ReAct("agent", "question -> answer", [weather], maxIters: 5);
/// Prediction result = await agent.RunAsync(Example.Create("question", "Weather in Lyon?"), new LMSettings { Client = lm });
/// string answer = result.GetText("answer");
/// </code>
/// </example>
public sealed class ReAct : Program<Example, Prediction>
{
    /// <summary>The input the loop and extraction predictors get: the steps so far.</summary>
    public const string TrajectoryField = "trajectory";

    /// <summary>The tool that ends the loop.</summary>
    public const string FinishTool = "finish";

    private const int TruncationAttempts = 3;
    private const string NativeCallsKey = "dspy.native_tool_calls";
    private readonly Dictionary<string, AIFunction> _tools;
    private readonly Predictor<Example, Prediction> _react;
    private readonly Predictor<Example, Prediction> _extract;
    private readonly Signature _lenient;
    private readonly Signature _lenientArgs;
    private readonly NativeTools? _native;
    private readonly ProgramStructure _structure;

    /// <summary>Creates an agent over a signature in DSPy's string form.</summary>
    /// <param name="name">The stable name; the predictors are <c>{name}.react</c> and <c>{name}.extract</c>.</param>
    /// <param name="signature">E.g. <c>"question -> answer"</c>.</param>
    /// <param name="tools">The tools, e.g. from <see cref="AIFunctionFactory.Create(Delegate, string?, string?, JsonSerializerOptions?)"/>.</param>
    /// <param name="maxIters">The most tool calls before answering.</param>
    public ReAct(string name, string signature, IEnumerable<AIFunction> tools, int maxIters = 20)
        : this(name, Signature.Parse(signature ?? throw new ArgumentNullException(nameof(signature))), tools, ReActOptions.Default with { MaxIters = maxIters }) { }

    /// <summary>Creates an agent over a signature.</summary>
    /// <param name="name">The stable name.</param>
    /// <param name="signature">The signature.</param>
    /// <param name="tools">The tools.</param>
    /// <param name="maxIters">The most tool calls before answering.</param>
    public ReAct(string name, Signature signature, IEnumerable<AIFunction> tools, int maxIters = 20)
        : this(name, signature, tools, ReActOptions.Default with { MaxIters = maxIters }) { }

    /// <summary>Creates an agent with options.</summary>
    /// <param name="name">The stable name.</param>
    /// <param name="signature">The signature.</param>
    /// <param name="tools">The tools.</param>
    /// <param name="options">Loop limits.</param>
    /// <exception cref="ArgumentException">Two tools share a name, a tool is called <c>finish</c>, or a limit is negative.</exception>
    public ReAct(string name, Signature signature, IEnumerable<AIFunction> tools, ReActOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxIters, nameof(options));
        if (!Enum.IsDefined(options.UnknownTool))
            throw new ArgumentOutOfRangeException(nameof(options), options.UnknownTool, "UnknownTool must be ReActUnknownTool.EndLoop or ReActUnknownTool.ReportToLM.");
        if (!Enum.IsDefined(options.ToolCalling))
            throw new ArgumentOutOfRangeException(nameof(options), options.ToolCalling, "ToolCalling must be ReActToolCalling.Text or ReActToolCalling.Native.");
        if (options.MaxTrajectoryChars is < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxTrajectoryChars, "MaxTrajectoryChars must be at least 1, or null for no limit.");
        var list = tools.ToArray();
        _tools = new Dictionary<string, AIFunction>(StringComparer.Ordinal);
        foreach (var tool in list)
        {
            ArgumentNullException.ThrowIfNull(tool, nameof(tools));
            if (tool.Name == FinishTool)
                throw new ArgumentException($"ReAct '{name}': a tool may not be called '{FinishTool}'; that name ends the loop. Rename the tool.", nameof(tools));
            if (!_tools.TryAdd(tool.Name, tool))
                throw new ArgumentException($"ReAct '{name}': two tools are called '{tool.Name}'; the LM picks tools by name, so give each a distinct one.", nameof(tools));
        }
        Name = name;
        Signature = signature;
        Tools = list;
        Options = options;
        var loop = ReActPrompts.Loop(signature, list);
        _lenient = ReActPrompts.Lenient(loop);
        _lenientArgs = ReActPrompts.LenientArguments(loop);
        if (options.ToolCalling == ReActToolCalling.Native)
        {
            loop = ReActPrompts.NativeLoop(loop);
            _native = new NativeTools(ReActPrompts.Declarations(list, signature), NativeCallsKey);
        }
        var path = new PredictorName(name);
        _react = Predict.Make(path / "react", loop, PredictorKind.Predict);
        _extract = Predict.Make(path / "extract", Predict.WithReasoning(ReActPrompts.Extract(signature)), PredictorKind.ChainOfThought);
        _structure = ProgramStructure.Of(_react, _extract);
    }

    /// <summary>The agent's two predictors: <c>{name}.react</c> (the loop) and <c>{name}.extract</c> (the answer).</summary>
    public override ProgramStructure Structure => _structure;

    /// <summary>The stable name.</summary>
    public string Name { get; }

    /// <summary>The signature the agent answers.</summary>
    public Signature Signature { get; }

    /// <summary>The tools, in the order the LM sees them (then <c>finish</c>).</summary>
    public IReadOnlyList<AIFunction> Tools { get; }

    /// <summary>The loop limits.</summary>
    public ReActOptions Options { get; }

    /// <summary>The loop predictor, <c>{name}.react</c>.</summary>
    public IPredictor React => _react;

    /// <summary>The answer predictor, <c>{name}.extract</c> (chain of thought).</summary>
    public IPredictor Extract => _extract;

    /// <inheritdoc />
    protected internal override async ValueTask<Prediction> RunCoreAsync(Example input, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var inputs = ModuleInputs.Only(input, Signature.InputFields);
        var window = new Window();
        Func<Signature, Signature>? parseAs = _native is not null ? null
            : Options.UnknownTool == ReActUnknownTool.ReportToLM ? _ => _lenient : _ => _lenientArgs;
        ReActStep? ended = null;
        for (var idx = 0; idx < Options.MaxIters; idx++)
        {
            Prediction turn;
            try
            {
                turn = await CallWithTruncationAsync(_react, inputs, window, context, cancellationToken, parseAs, _native).ConfigureAwait(false);
            }
            catch (ContextWindowExceededException)
            {
                // As DSPy: a loop call that cannot fit ends the trajectory; the extraction still answers.
                break;
            }
            catch (AdapterParseException e)
            {
                // As DSPy: a loop reply that cannot be read, e.g. one naming a tool that does not exist (the tool name is
                // a literal of the tool names), ends the trajectory. An unknown tool is kept as the output's last step.
                ended = UnknownToolStep(e, idx, context.Settings.Adapter);
                break;
            }
            string toolName;
            object? rawArgs;
            if (_native is null)
            {
                toolName = turn.GetText(ReActPrompts.ToolName);
                rawArgs = turn.TryGetValue(ReActPrompts.ToolArgs, out var raw) ? raw : null;
            }
            else
            {
                // A reply that calls no function is read like one that cannot be parsed: the loop ends and the answer is extracted.
                if (!turn.TryGetValue(NativeCallsKey, out var value) || value is not IReadOnlyList<FunctionCallContent> { Count: > 0 } calls) break;
                toolName = calls[0].Name;
                rawArgs = calls[0].Arguments is { } a ? PythonJson.Serialize(a) : null;
                var thoughtText = turn.TryGetValue(ReActPrompts.Thought, out var t) ? t?.ToString() ?? "" : "";
                if (Options.UnknownTool == ReActUnknownTool.EndLoop && ToolKey(toolName) != FinishTool && !_tools.ContainsKey(ToolKey(toolName)))
                {
                    ended = new ReActStep(idx, thoughtText, toolName, ReadArguments(rawArgs).Text, UnknownToolObservation(toolName));
                    break;
                }
                turn = turn.With(ReActPrompts.Thought, thoughtText);
            }
            var (args, argsText, argsError) = ReadArguments(rawArgs);
            var observation = await ObserveAsync(toolName, args, argsError, context.Settings, cancellationToken).ConfigureAwait(false);
            window.Steps.Add(new ReActStep(idx, turn.GetText(ReActPrompts.Thought), toolName, argsText, observation));
            if (ToolKey(toolName) == FinishTool) break;
        }
        var answer = await CallWithTruncationAsync(_extract, inputs, window, context, cancellationToken, null).ConfigureAwait(false);
        var result = Prediction.Empty.With(TrajectoryField, ended is null ? window.Steps.ToArray() : [.. window.Steps, ended]);
        foreach (var (key, value) in answer) result = result.With(key, value);
        return result;
    }

    private async ValueTask<Prediction> CallWithTruncationAsync(Predictor<Example, Prediction> predictor, Example inputs, Window window,
        RunContext context, CancellationToken cancellationToken, Func<Signature, Signature>? parseAs, NativeTools? tools = null)
    {
        Exception? last = null;
        for (var attempt = 0; attempt < TruncationAttempts; attempt++)
        {
            var trajectory = window.Render(Options.MaxTrajectoryChars);
            var call = inputs.With(TrajectoryField, trajectory).WithInputs([.. inputs.Keys, TrajectoryField]);
            try
            {
                return await predictor.PredictAsync(call, context, cancellationToken, parseAs, record: true, tools).ConfigureAwait(false);
            }
            catch (Exception e) when (ContextWindowExceededException.IsContextWindowError(e) && !cancellationToken.IsCancellationRequested)
            {
                last = e;
                if (window.Shown <= 1)
                    throw new ContextWindowExceededException(
                        $"ReAct '{Name}': the prompt of '{predictor.Name}' exceeds the context window and the trajectory cannot be truncated further " +
                        $"(it shows {Counted.Of(window.Shown, "step")}). Shorten the inputs or tool results, or use a model with a larger context.", e);
                window.DropOldest();
            }
        }
        throw new ContextWindowExceededException(
            $"ReAct '{Name}': the prompt of '{predictor.Name}' still exceeds the context window after dropping the oldest step {TruncationAttempts} times. " +
            "Set ReActOptions.MaxTrajectoryChars, shorten tool results, or use a model with a larger context.", last);
    }

    private async ValueTask<string> ObserveAsync(string toolName, AIFunctionArguments? args, string? argsError, LMSettings settings,
        CancellationToken cancellationToken)
    {
        var key = ToolKey(toolName);
        if (key == FinishTool) return "Completed.";
        if (!_tools.TryGetValue(key, out var tool))
            return $"Execution error in {toolName}: there is no tool named '{toolName}'. Choose one of: {string.Join(", ", _tools.Keys.Append(FinishTool))}.";
        if (argsError is not null) return $"Execution error in {tool.Name}: {argsError}";
        try
        {
            var result = ObservedCall.IsObserved(settings)
                ? await ObservedCall.RunAsync(settings, DspyCallKind.Tool, tool.Name, args, (Tool: tool, Args: args),
                    static (s, ct) => s.Tool.InvokeAsync(s.Args, ct), cancellationToken).ConfigureAwait(false)
                : await tool.InvokeAsync(args, cancellationToken).ConfigureAwait(false);
            return FieldValueFormatter.Format(ObservationField, result);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            var cause = e is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : e;
            return $"Execution error in {tool.Name}: {cause.GetType().Name}: {cause.Message}";
        }
    }

    /// <summary>
    /// The turn that ended the loop by naming a tool the agent does not have, read back from the replies the adapters
    /// could not parse (the last one first); null when the failure was something else, e.g. a missing field.
    /// </summary>
    private ReActStep? UnknownToolStep(AdapterParseException failure, int index, IAdapter adapter)
    {
        foreach (var attempt in failure.Attempts.Reverse())
        {
            var parser = AdapterNamed(adapter, attempt.Adapter);
            if (parser is null) continue;
            Prediction turn;
            try
            {
                turn = parser.Parse(_lenient, attempt.Reply);
            }
            catch (AdapterParseException)
            {
                continue;
            }
            var toolName = turn.GetText(ReActPrompts.ToolName);
            var key = ToolKey(toolName);
            if (key == FinishTool || _tools.ContainsKey(key)) continue;
            var (_, argsText, _) = ReadArguments(turn.TryGetValue(ReActPrompts.ToolArgs, out var raw) ? raw : null);
            return new ReActStep(index, turn.GetText(ReActPrompts.Thought), toolName, argsText, UnknownToolObservation(toolName));
        }
        return null;
    }

    private string UnknownToolObservation(string toolName) =>
        $"Ended the loop: there is no tool named '{toolName}' (the tools are {string.Join(", ", _tools.Keys.Append(FinishTool))}); " +
        "the answer was extracted from the steps before this one, which the LM was not shown.";

    /// <summary>The adapter called <paramref name="name"/> in <paramref name="adapter"/>'s fallback chain.</summary>
    private static IAdapter? AdapterNamed(IAdapter adapter, string name)
    {
        for (IAdapter? a = adapter; a is not null; a = a.Fallback)
            if (a.Name == name) return a;
        return null;
    }

    private static readonly Field ObservationField = Field.Input("observation");

    /// <summary>The tool name as the LM wrote it, without the quotes or backticks models sometimes add.</summary>
    private static string ToolKey(string toolName) => toolName.Trim().Trim('"', '\'', '`').Trim();

    /// <summary>Reads <c>next_tool_args</c> as a JSON object; anything else is an error text for the observation, never an exception.</summary>
    private static (AIFunctionArguments? Args, string Text, string? Error) ReadArguments(object? raw)
    {
        var text = raw switch
        {
            null => "",
            string s => s.Trim(),
            JsonElement e => e.GetRawText(),
            _ => PythonJson.Serialize(raw),
        };
        if (text.Length == 0 || text is "None" or "null") return (new AIFunctionArguments(), "{}", null);
        if (!JsonRepair.TryParse(text, out var element) || element.ValueKind != JsonValueKind.Object)
            return (null, text, $"next_tool_args must be a JSON object such as {{\"name\": value}}, but it was: {text}");
        var args = new AIFunctionArguments();
        foreach (var p in element.EnumerateObject()) args[p.Name] = p.Value.Clone();
        return (args, PythonJson.Serialize(element), null);
    }

    /// <summary>The steps taken and how many of the oldest are left out of the prompt.</summary>
    private sealed class Window
    {
        public List<ReActStep> Steps { get; } = [];

        public int From { get; private set; }

        public int Shown => Steps.Count - From;

        public void DropOldest() => From++;

        public string Render(int? maxChars)
        {
            var text = ReActPrompts.FormatTrajectory(Steps, From);
            while (maxChars is { } max && text.Length > max && Shown > 1)
            {
                From++;
                text = ReActPrompts.FormatTrajectory(Steps, From);
            }
            return text;
        }
    }
}
