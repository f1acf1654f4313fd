namespace Dspy.Fluent.FSharp

open System
open System.Threading
open Dspy.Fluent

/// <summary>
/// The builder behind <c>step { … }</c>: a computation expression whose value is a <c>Step&lt;'T&gt;</c>, for the parts of a
/// program that do not need the program's input, such as the body of a <c>Step.fold</c> or a helper that calls two predictors.
/// </summary>
/// <remarks>
/// <para><c>let!</c> is <c>Step.Bind</c>, <c>return</c> is <c>Steps.Return</c>, <c>and!</c> is <c>Steps.WhenAll</c>,
/// <c>try … with</c> is <c>Steps.From</c>. Building a step sends nothing to an LM; the step runs inside the run of the
/// program that binds it, so its predictor calls are traced and its predictors must be declared by that program.</para>
/// </remarks>
/// <example>
/// <code>
/// let answerWithContext (question: string) =
///     step {
///         let! passages = retriever.Search(question, 3)
///         let! answer = generateAnswer.Call { Context = passages.ToContext(); Question = question }
///         return answer.Text
///     }
/// </code>
/// </example>
[<Sealed>]
type StepBuilder() =
    /// <summary><c>let! x = s</c>: runs the step and continues with its result.</summary>
    /// <param name="step">The step, e.g. <c>predictor.Call(input)</c>.</param>
    /// <param name="continuation">The rest of the expression.</param>
    /// <returns><c>step.Bind(continuation)</c>.</returns>
    /// <example><code>step { let! q = rewrite.Call { Question = question } in return q.Query }</code></example>
    member _.Bind(step: Step<'T>, continuation: 'T -> Step<'U>) : Step<'U> =
        ArgumentNullException.ThrowIfNull(step, nameof step)
        step.Bind(Func<'T, Step<'U>> continuation)

    /// <summary><c>return x</c>: the step's result.</summary>
    /// <param name="value">The result.</param>
    /// <returns><c>Steps.Return value</c>.</returns>
    /// <example><code>step { return 42 }</code></example>
    member _.Return(value: 'T) : Step<'T> = Steps.Return value

    /// <summary><c>return! s</c>: ends with another step.</summary>
    /// <param name="step">The step.</param>
    /// <returns>The step itself.</returns>
    /// <example><code>step { return! qa.Call q }</code></example>
    member _.ReturnFrom(step: Step<'T>) : Step<'T> =
        ArgumentNullException.ThrowIfNull(step, nameof step)
        step

    /// <summary>An <c>if</c> without <c>else</c>: nothing happens.</summary>
    /// <returns>A step that yields <c>()</c>.</returns>
    /// <example><code>step { if verbose then do! log.Call q }</code></example>
    member _.Zero() : Step<unit> = Steps.Return(())

    /// <summary>Sequences a unit-valued part before the rest.</summary>
    /// <param name="first">The part that runs first.</param>
    /// <param name="rest">The rest of the expression.</param>
    /// <returns><c>first.Bind(fun () -&gt; rest ())</c>.</returns>
    /// <example><code>step { (if verbose then do! log.Call q); return q }</code></example>
    member _.Combine(first: Step<unit>, rest: unit -> Step<'T>) : Step<'T> = first.Bind(fun () -> rest ())

    /// <summary>Keeps the body as a function until <c>Run</c>, <c>Combine</c> or <c>TryWith</c> needs it.</summary>
    /// <param name="body">The body.</param>
    /// <returns>The body.</returns>
    /// <example><code>step { return 1 } // Run(Delay(fun () -&gt; Return 1))</code></example>
    member _.Delay(body: unit -> Step<'T>) : unit -> Step<'T> = body

    /// <summary>Builds the step: runs the code up to the first <c>let!</c> now; nothing is sent to an LM.</summary>
    /// <param name="body">The delayed body.</param>
    /// <returns>The step.</returns>
    /// <example><code>let s : Step&lt;int&gt; = step { return 1 }</code></example>
    member _.Run(body: unit -> Step<'T>) : Step<'T> = body ()

    /// <summary><c>try … with</c>: runs the body when the step runs and, if it throws, the handler's step, in the same run.</summary>
    /// <param name="body">The guarded part.</param>
    /// <param name="handler">Picks the step to run instead from the exception; unmatched exceptions are rethrown.</param>
    /// <returns>A step made with <c>Steps.From</c>.</returns>
    /// <remarks>The handler also sees <c>OperationCanceledException</c>; match the exceptions you mean to handle.</remarks>
    /// <example><code>step { try return! qa.Call q with :? AdapterParseException -> return Prediction.Empty }</code></example>
    member _.TryWith(body: unit -> Step<'T>, handler: exn -> Step<'T>) : Step<'T> =
        Steps.From<'T>(fun (cancellationToken: CancellationToken) ->
            task {
                try
                    return! body().RunAsync(cancellationToken)
                with error ->
                    return! (handler error).RunAsync(cancellationToken)
            })

    /// <summary><c>let! a = s1 and! b = s2</c>: runs two steps at the same time (their LM calls overlap).</summary>
    /// <param name="left">The first step.</param>
    /// <param name="right">The second step.</param>
    /// <returns>A step over <c>Steps.WhenAll</c> that yields both results.</returns>
    /// <example><code>step { let! a = draft.Call q and! b = critique.Call q in return a, b }</code></example>
    member _.MergeSources(left: Step<'A>, right: Step<'B>) : Step<'A * 'B> = StepPair.merge left right
