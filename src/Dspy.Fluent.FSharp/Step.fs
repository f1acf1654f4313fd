namespace Dspy.Fluent.FSharp

open System
open System.Threading
open Dspy.Fluent

/// <summary>Pipeline-friendly functions over <c>Step&lt;'T&gt;</c>, the deferred LM calls, retrievals and code a program binds.</summary>
/// <example>
/// <code>
/// let query (question: string) = rewrite.Call { Question = question } |> Step.map (fun q -> q.Query)
/// </code>
/// </example>
[<RequireQualifiedAccess>]
[<CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Step =
    /// <summary>A step that yields <paramref name="value"/> without doing anything.</summary>
    /// <param name="value">The value.</param>
    /// <returns><c>Steps.Return value</c>.</returns>
    /// <example><code>let nothingYet : Step&lt;string list&gt; = Step.value []</code></example>
    let value (value: 'T) : Step<'T> = Steps.Return value

    /// <summary>Maps the result with a plain function.</summary>
    /// <param name="mapping">The function.</param>
    /// <param name="step">The step.</param>
    /// <returns><c>step.Map mapping</c>.</returns>
    /// <example><code>qa.Call q |> Step.map (fun p -> p.GetText "answer")</code></example>
    let map (mapping: 'T -> 'Result) (step: Step<'T>) : Step<'Result> =
        ArgumentNullException.ThrowIfNull(step, nameof step)
        step.Map(Func<'T, 'Result> mapping)

    /// <summary>Continues with another step built from the result.</summary>
    /// <param name="binder">Builds the next step.</param>
    /// <param name="step">The step.</param>
    /// <returns><c>step.Bind binder</c>.</returns>
    /// <example><code>rewrite.Call q |> Step.bind (fun query -> retriever.Search(query.Query, 3))</code></example>
    let bind (binder: 'T -> Step<'Result>) (step: Step<'T>) : Step<'Result> =
        ArgumentNullException.ThrowIfNull(step, nameof step)
        step.Bind(Func<'T, Step<'Result>> binder)

    /// <summary>
    /// Threads a state through one step per item, in order, like <c>Seq.fold</c>: the loop a computation expression's
    /// <c>for</c> cannot write, since it cannot carry a value from one iteration to the next.
    /// </summary>
    /// <param name="folder">Builds the step that turns (state, item) into the next state.</param>
    /// <param name="state">The starting state.</param>
    /// <param name="items">The items, e.g. the hop numbers; read once, when the fold is built.</param>
    /// <returns><c>Steps.Fold(items, state, folder)</c>.</returns>
    /// <example>
    /// <code>
    /// let! context =
    ///     [ 0 .. 1 ] |> Step.fold (fun context hop ->
    ///         step {
    ///             let! query = generateQuery[hop].Call { Context = context; Question = question }
    ///             let! passages = retriever.Search(query.Query, 3)
    ///             return context @ List.ofSeq (passages.ToContext())
    ///         }) []
    /// </code>
    /// </example>
    let fold (folder: 'State -> 'T -> Step<'State>) (state: 'State) (items: 'T seq) : Step<'State> =
        ArgumentNullException.ThrowIfNull(items, nameof items)
        Steps.Fold(items, state, Func<'State, 'T, Step<'State>> folder)

    /// <summary>Runs steps at the same time and yields their results as a list, in the order given.</summary>
    /// <param name="steps">The steps.</param>
    /// <returns>A step over <c>Steps.WhenAll</c>.</returns>
    /// <example><code>let! answers = questions |> List.map qa.Call |> Step.whenAll</code></example>
    let whenAll (steps: Step<'T> seq) : Step<'T list> =
        ArgumentNullException.ThrowIfNull(steps, nameof steps)
        Steps.WhenAll(steps).Map(fun results -> List.ofSeq results)

    /// <summary>An F# async as a step: it starts when the step runs, with the run's cancellation token.</summary>
    /// <param name="computation">The async; predictors it runs with <c>RunAsync</c> record into the surrounding run.</param>
    /// <returns>A step made with <c>Steps.From</c>.</returns>
    /// <example><code>do! Step.ofAsync (async { printfn "hop %d" hop })</code></example>
    let ofAsync (computation: Async<'T>) : Step<'T> =
        ArgumentNullException.ThrowIfNull(computation, nameof computation)
        Steps.From<'T>(fun (cancellationToken: CancellationToken) -> Async.StartImmediateAsTask(computation, cancellationToken))
