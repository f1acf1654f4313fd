namespace Dspy.Fluent.FSharp

open System
open Dspy.Fluent

/// <summary>Typed predictors from F# records, pipeline-friendly: the signature comes from the input and output record types.</summary>
/// <remarks>Record fields become snake_case signature fields and a <c>[&lt;Description&gt;]</c> on the input type becomes
/// the instructions, as with <c>Predict.Create&lt;TIn, TOut&gt;</c>. Untyped predictors (<c>"question -&gt; answer"</c>)
/// keep the C# calls, which read the same in F#.</remarks>
/// <example>
/// <code>
/// let respond =
///     Predict.chainOfThought&lt;Respond, Reply&gt; "respond"
///     |> Predict.withInstructions "Answer in one sentence."
/// </code>
/// </example>
[<RequireQualifiedAccess>]
[<CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Predict =
    /// <summary>A predictor named <paramref name="name"/> whose signature comes from <c>'In</c> and <c>'Out</c>.</summary>
    /// <param name="name">The name used in prompts, traces and saved files.</param>
    /// <returns><c>Predict.Create&lt;'In, 'Out&gt;(name)</c>.</returns>
    /// <remarks>Corresponds to <c>dspy.Predict</c>.</remarks>
    /// <example><code>let rewrite = Predict.create&lt;Rewrite, Query&gt; "rewrite"</code></example>
    let create<'In, 'Out> (name: string) : Predictor<'In, 'Out> = Dspy.Fluent.Predict.Create<'In, 'Out>(name)

    /// <summary>A chain-of-thought predictor: a <c>reasoning</c> output comes before the record's outputs.</summary>
    /// <param name="name">The name used in prompts, traces and saved files.</param>
    /// <returns><c>Predict.ChainOfThought&lt;'In, 'Out&gt;(name)</c>.</returns>
    /// <remarks>Corresponds to <c>dspy.ChainOfThought</c>; the reasoning is in the trace, not in <c>'Out</c>.</remarks>
    /// <example><code>let respond = Predict.chainOfThought&lt;Respond, Reply&gt; "respond"</code></example>
    let chainOfThought<'In, 'Out> (name: string) : Predictor<'In, 'Out> = Dspy.Fluent.Predict.ChainOfThought<'In, 'Out>(name)

    /// <summary>The predictor with other instructions.</summary>
    /// <param name="instructions">The instructions.</param>
    /// <param name="predictor">The predictor; it is not changed.</param>
    /// <returns><c>predictor.WithInstructions instructions</c>.</returns>
    /// <example><code>let terse = Predict.create&lt;Rewrite, Query&gt; "rewrite" |> Predict.withInstructions "Use at most five words."</code></example>
    let withInstructions (instructions: string) (predictor: Predictor<'In, 'Out>) : Predictor<'In, 'Out> =
        ArgumentNullException.ThrowIfNull(predictor, nameof predictor)
        predictor.WithInstructions instructions
