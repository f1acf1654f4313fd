using System.Diagnostics.CodeAnalysis;
using Dspy.Fluent.Internal;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// A typed tool-using agent: the properties of <typeparamref name="TIn"/> are its inputs and those of
/// <typeparamref name="TOut"/> its outputs, the way <see cref="Predict.Create{TIn, TOut}(string)"/> types a predictor.
/// It runs the same loop, prompts and predictors as the untyped <see cref="ReAct"/> it wraps (<see cref="Agent"/>).
/// </summary>
/// <typeparam name="TIn">The input record; its <see cref="System.ComponentModel.DescriptionAttribute"/> is the instructions.</typeparam>
/// <typeparam name="TOut">The output record: the fields the extraction step produces.</typeparam>
/// <remarks>
/// <para>Corresponds to <c>dspy.ReAct</c> over a class-based signature. It composes like any program (LINQ,
/// <c>Then</c>) and declares its two predictors, <c>{name}.react</c> and <c>{name}.extract</c>, so saving, loading and
/// optimizing it work as for the untyped agent (the saved state is the same).</para>
/// <para>The output record holds the signature's outputs only; run <see cref="Agent"/> to get the trajectory
/// (<see cref="ReAct.TrajectoryField"/>) as well.</para>
/// </remarks>
/// <example>
/// <code>
/// public sealed record Question(string Text);
/// public sealed record Answer(string Text);
///
/// var agent = new ReAct&lt;Question, Answer&gt;("agent", [weather], maxIters: 5);
/// Answer answer = await agent.RunAsync(new Question("Weather in Lyon?"), new LMSettings { Client = lm });
/// </code>
/// </example>
public sealed class ReAct<TIn, TOut> : Program<TIn, TOut>
{
    private readonly Func<TIn, Example> _toInputs;
    private readonly Func<Prediction, TOut> _fromOutputs;

    /// <summary>Creates a typed agent whose signature comes from the two records, with DSPy's limits (20 tool calls).</summary>
    /// <param name="name">The stable name; the predictors are <c>{name}.react</c> and <c>{name}.extract</c>.</param>
    /// <param name="tools">The tools.</param>
    /// <example>
    /// <code>
    /// var agent = new ReAct&lt;Question, Answer&gt;("agent", [search]);
    /// </code>
    /// </example>
    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    public ReAct(string name, IEnumerable<AIFunction> tools)
        : this(name, Signature.From<TIn, TOut>(), tools, ReActOptions.Default) { }

    /// <summary>Creates a typed agent whose signature comes from the two records.</summary>
    /// <param name="name">The stable name; the predictors are <c>{name}.react</c> and <c>{name}.extract</c>.</param>
    /// <param name="tools">The tools.</param>
    /// <param name="maxIters">The most tool calls before answering.</param>
    /// <example>
    /// <code>
    /// var agent = new ReAct&lt;Question, Answer&gt;("agent", [search], maxIters: 5);
    /// </code>
    /// </example>
    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    public ReAct(string name, IEnumerable<AIFunction> tools, int maxIters)
        : this(name, Signature.From<TIn, TOut>(), tools, ReActOptions.Default with { MaxIters = maxIters }) { }

    /// <summary>Creates a typed agent with options.</summary>
    /// <param name="name">The stable name.</param>
    /// <param name="tools">The tools.</param>
    /// <param name="options">Loop limits and what an unknown tool name does.</param>
    /// <example>
    /// <code>
    /// var agent = new ReAct&lt;Question, Answer&gt;("agent", [search], new ReActOptions { MaxIters = 5 });
    /// </code>
    /// </example>
    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    public ReAct(string name, IEnumerable<AIFunction> tools, ReActOptions options)
        : this(name, Signature.From<TIn, TOut>(), tools, options) { }

    /// <summary>Creates a typed agent over an explicit signature; record properties match fields by snake_case name.</summary>
    /// <param name="name">The stable name.</param>
    /// <param name="signature">The signature.</param>
    /// <param name="tools">The tools.</param>
    /// <param name="options">Loop limits and what an unknown tool name does.</param>
    /// <exception cref="ArgumentException">A record does not fit the signature, two tools share a name, or a tool is called <c>finish</c>.</exception>
    /// <example>
    /// <code>
    /// var agent = new ReAct&lt;Question, Answer&gt;("agent", Signature.Parse("text -> text"), [search], ReActOptions.Default);
    /// </code>
    /// </example>
    [RequiresUnreferencedCode(TrimMessages.TypedSignatures)]
    [RequiresDynamicCode(TrimMessages.TypedSignatures)]
    public ReAct(string name, Signature signature, IEnumerable<AIFunction> tools, ReActOptions options)
    {
        Agent = new ReAct(name, signature, tools, options);
        _toInputs = Predict.InputMapper<TIn>(name, signature);
        _fromOutputs = Predict.OutputMapper<TOut>(name, Predict.WithReasoning(ReActPrompts.Extract(signature)));
    }

    /// <summary>The untyped agent this one runs: same name, signature, tools, options and predictors.</summary>
    /// <example>
    /// <code>
    /// Prediction full = await agent.Agent.RunAsync(Example.Create("text", "Weather in Lyon?"), settings);
    /// var steps = full.Get&lt;IReadOnlyList&lt;ReActStep&gt;&gt;(ReAct.TrajectoryField);
    /// </code>
    /// </example>
    public ReAct Agent { get; }

    /// <summary>The agent's two predictors, <c>{name}.react</c> and <c>{name}.extract</c>.</summary>
    public override ProgramStructure Structure => Agent.Structure;

    /// <summary>The stable name.</summary>
    /// <example><code>string name = agent.Name;   // "agent"</code></example>
    public string Name => Agent.Name;

    /// <summary>The signature the agent answers (from the records unless given).</summary>
    /// <example><code>Signature signature = agent.Signature;   // text -> text</code></example>
    public Signature Signature => Agent.Signature;

    /// <summary>The tools, in the order the LM sees them (then <c>finish</c>).</summary>
    /// <example><code>int count = agent.Tools.Count;</code></example>
    public IReadOnlyList<AIFunction> Tools => Agent.Tools;

    /// <summary>Loop limits and what an unknown tool name does.</summary>
    /// <example><code>int most = agent.Options.MaxIters;</code></example>
    public ReActOptions Options => Agent.Options;

    /// <summary>The loop predictor, <c>{name}.react</c>.</summary>
    /// <example><code>string loopInstructions = agent.React.Signature.Instructions;</code></example>
    public IPredictor React => Agent.React;

    /// <summary>The answer predictor, <c>{name}.extract</c> (chain of thought).</summary>
    /// <example><code>string answerSignature = agent.Extract.Signature.ToString();</code></example>
    public IPredictor Extract => Agent.Extract;

    /// <inheritdoc />
    protected internal override async ValueTask<TOut> RunCoreAsync(TIn input, RunContext context, CancellationToken cancellationToken)
    {
        // The untyped agent's body runs directly: this node is the module a trace or span reports, not two nested ones.
        var prediction = await Agent.RunCoreAsync(_toInputs(input), context, cancellationToken).ConfigureAwait(false);
        return _fromOutputs(prediction);
    }
}
