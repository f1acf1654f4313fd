namespace Dspy.Fluent.FSharp

open System
open Dspy.Fluent

/// <summary>Evaluates programs on a devset from F#: the program comes last, so it ends a pipeline.</summary>
/// <example>
/// <code>
/// let! result = rag |> Evaluate.run Metrics.ExactMatch devset
/// printfn "%s" (result.Summary())
/// </code>
/// </example>
[<RequireQualifiedAccess>]
[<CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Evaluate =
    /// <summary>Scores the program on every example with the default options and the ambient LM settings.</summary>
    /// <param name="metric">Scores each output, e.g. <c>Metrics.ExactMatch</c>.</param>
    /// <param name="devset">The examples, with labels for the metric.</param>
    /// <param name="program">The program.</param>
    /// <returns>The aggregate score and one row per example; failed examples are scored, not thrown.</returns>
    /// <exception cref="T:Dspy.Fluent.EvaluationAbortedException">More examples failed than the error budget allows.</exception>
    /// <remarks>Corresponds to <c>dspy.Evaluate</c>.</remarks>
    /// <example><code>let! result = qa |> Evaluate.run Metrics.ExactMatch devset</code></example>
    let run (metric: IMetric) (devset: Example seq) (program: Program<'In, 'Out>) : Async<EvaluationResult> =
        async {
            let! cancellationToken = Async.CancellationToken
            return! Dspy.Fluent.Evaluate.RunAsync(program, devset, metric, null, cancellationToken) |> Async.AwaitTask
        }

    /// <summary>Scores the program on every example with <paramref name="options"/> (concurrency, error budget, LM settings).</summary>
    /// <param name="options">The options, e.g. <c>EvaluateOptions(Concurrency = 8, Settings = LMSettings(Client = lm))</c>.</param>
    /// <param name="metric">Scores each output.</param>
    /// <param name="devset">The examples, with labels for the metric.</param>
    /// <param name="program">The program.</param>
    /// <returns>The aggregate score and one row per example.</returns>
    /// <exception cref="T:Dspy.Fluent.EvaluationAbortedException">More examples failed than <c>options.MaxErrors</c> allows.</exception>
    /// <example><code>let! result = qa |> Evaluate.runWith (EvaluateOptions(Concurrency = 4)) Metrics.F1 devset</code></example>
    let runWith (options: EvaluateOptions) (metric: IMetric) (devset: Example seq) (program: Program<'In, 'Out>) : Async<EvaluationResult> =
        ArgumentNullException.ThrowIfNull(options, nameof options)
        async {
            let! cancellationToken = Async.CancellationToken
            return! Dspy.Fluent.Evaluate.RunAsync(program, devset, metric, options, cancellationToken) |> Async.AwaitTask
        }
