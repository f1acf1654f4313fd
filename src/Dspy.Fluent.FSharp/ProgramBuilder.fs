namespace Dspy.Fluent.FSharp

open System
open System.Threading
open Dspy.Fluent

/// <summary>
/// The inside of a <c>program { … }</c> while it is being built: given the program's input, the step that runs the rest.
/// <c>Run</c> turns it into a <c>Program&lt;'In, 'T&gt;</c>; you meet it only in the builder's signatures.
/// </summary>
/// <example><code>let body : ProgramBody&lt;string, int&gt; = fun question -> Step.value question.Length</code></example>
type ProgramBody<'In, 'T> = 'In -> Step<'T>

/// <summary>
/// The builder behind <c>program { … }</c>: a computation expression whose value is a <c>Program&lt;'In, 'Out&gt;</c>,
/// built from the library's own combinators, so the program declares its predictors before it runs, as a LINQ query does.
/// </summary>
/// <remarks>
/// <para>The expression becomes one program, <c>Programs.Input().Bind(fun input -&gt; …)</c>, whose body is a chain of
/// steps: <c>let!</c> is <c>Step.Bind</c>, a program bound with <c>let!</c> runs through <c>program.Call(input)</c>,
/// <c>return</c> is <c>Steps.Return</c>, <c>and!</c> is <c>Steps.WhenAll</c>, <c>try … with</c> is <c>Steps.From</c>.
/// <c>do!</c> and <c>match!</c> follow from <c>let!</c>. Composing reads the body's closures once for the predictors
/// they reach; a run allocates steps, never programs.</para>
/// <para>The code before the first <c>let!</c> runs once, when the expression is evaluated (a predictor built there is
/// built once and declared); everything after it runs on each run. Predictors the body uses are declared the way a LINQ
/// lambda's are: module-level values, captured locals and their arrays, steps built ahead, captured programs with their
/// state. A predictor built after the first <c>let!</c> or returned by a function needs <c>Program.uses</c> (or
/// <c>.Uses(…)</c>); otherwise the first run that reaches it throws an <c>UndeclaredPredictorException</c>.</para>
/// <para>There is no <c>for</c>: a loop that threads a value through LM steps is <c>Step.fold</c>.</para>
/// </remarks>
/// <example>
/// <code>
/// let rag : Program&lt;string, string&gt; =
///     program {
///         let! question = Program.input
///         let! passages = retriever.Search(question, 3)
///         let! answer = generateAnswer.Call { Context = passages.ToContext(); Question = question }
///         return answer.Text
///     }
/// // rag.Predictors lists generate_answer before any run.
/// </code>
/// </example>
[<Sealed>]
type ProgramBuilder() =
    /// <summary>Takes a program over the same input as the source of a <c>let!</c>, <c>do!</c>, <c>match!</c> or <c>and!</c>.</summary>
    /// <param name="program">A program over the same input, e.g. <c>Program.input</c> or a compiled sub-program.</param>
    /// <returns>A body that runs <c>program.Call(input)</c> inside the run.</returns>
    /// <example><code>program { let! question = Program.input in return question.Length }</code></example>
    member _.Source(program: Program<'In, 'T>) : ProgramBody<'In, 'T> =
        ArgumentNullException.ThrowIfNull(program, nameof program)
        fun input -> program.Call input

    /// <summary>Takes a step (a predictor call, a retrieval) as the source of a <c>let!</c>, <c>do!</c>, <c>match!</c> or <c>and!</c>.</summary>
    /// <param name="step">The step, e.g. <c>predictor.Call(input)</c>.</param>
    /// <returns>A body that runs the step, whatever the input.</returns>
    /// <remarks>Programs and steps meet here rather than in two <c>Bind</c> overloads, so F# knows the type of what
    /// <c>let!</c> binds before it reads the rest of the expression (<c>question.Length</c> needs no annotation).</remarks>
    /// <example><code>program { let! q = Program.input in let! a = qa.Call q in return a }</code></example>
    member _.Source(step: Step<'T>) : ProgramBody<'In, 'T> =
        ArgumentNullException.ThrowIfNull(step, nameof step)
        fun _ -> step

    /// <summary><c>let! x = …</c>: runs the source inside the run and continues with its result.</summary>
    /// <param name="source">The program or step, as <c>Source</c> took it.</param>
    /// <param name="continuation">The rest of the expression.</param>
    /// <returns>A body: <c>(source input).Bind(fun x -&gt; continuation x input)</c>.</returns>
    /// <example><code>program { let! question = Program.input in let! a = qa.Call question in return a }</code></example>
    member _.Bind(source: ProgramBody<'In, 'T>, continuation: 'T -> ProgramBody<'In, 'U>) : ProgramBody<'In, 'U> =
        fun input -> (source input).Bind(fun value -> continuation value input)

    /// <summary><c>return x</c>: the program's output.</summary>
    /// <param name="value">The output.</param>
    /// <returns>A body: <c>Steps.Return value</c>.</returns>
    /// <example><code>program { let! q = Program.input in let! a = qa.Call q in return a.GetText "answer" }</code></example>
    member _.Return(value: 'T) : ProgramBody<'In, 'T> = fun _ -> Steps.Return value

    /// <summary><c>return! x</c>: ends with a program over the same input or a step, as <c>Source</c> took it.</summary>
    /// <param name="source">The program or step.</param>
    /// <returns>The source's body.</returns>
    /// <example><code>program { let! q = Program.input in if q = "" then return "" else return! qa.Call q |> Step.map string }</code></example>
    member _.ReturnFrom(source: ProgramBody<'In, 'T>) : ProgramBody<'In, 'T> = source

    /// <summary>An <c>if</c> without <c>else</c>: nothing happens.</summary>
    /// <returns>A body that yields <c>()</c>.</returns>
    /// <example><code>program { let! q = Program.input in if q = "" then do! log.Call q }</code></example>
    member this.Zero() : ProgramBody<'In, unit> = this.Return(())

    /// <summary>Sequences a unit-valued part before the rest, e.g. after an <c>if … then do! …</c>.</summary>
    /// <param name="first">The part that runs first.</param>
    /// <param name="rest">The rest of the expression.</param>
    /// <returns>A body: <c>(first input).Bind(fun () -&gt; rest () input)</c>.</returns>
    /// <example><code>program { let! q = Program.input in (if q = "" then do! log.Call q); return q }</code></example>
    member _.Combine(first: ProgramBody<'In, unit>, rest: unit -> ProgramBody<'In, 'T>) : ProgramBody<'In, 'T> =
        fun input -> (first input).Bind(fun () -> rest () input)

    /// <summary>Keeps the body as a function until <c>Run</c>, <c>Combine</c> or <c>TryWith</c> needs it.</summary>
    /// <param name="body">The body.</param>
    /// <returns>The body.</returns>
    /// <example><code>program { return 1 } // Run(Delay(fun () -&gt; Return 1))</code></example>
    member _.Delay(body: unit -> ProgramBody<'In, 'T>) : unit -> ProgramBody<'In, 'T> = body

    /// <summary>Composes the program: runs the code up to the first <c>let!</c> now, once, and wraps the rest in one program.</summary>
    /// <param name="body">The delayed body.</param>
    /// <returns><c>Programs.Input().Bind(fun input -&gt; body input)</c>; nothing has been sent to an LM.</returns>
    /// <example><code>let p : Program&lt;string, int&gt; = program { let! q = Program.input in return q.Length }</code></example>
    member _.Run(body: unit -> ProgramBody<'In, 'T>) : Program<'In, 'T> =
        let composed = body ()
        Programs.Input<'In>().Bind(fun input -> composed input)

    /// <summary>
    /// <c>try … with</c>: runs the body on each run and, if it throws, the handler's part on the same input, inside the
    /// same run (trace, history, state).
    /// </summary>
    /// <param name="body">The guarded part.</param>
    /// <param name="handler">Picks the part to run instead from the exception; unmatched exceptions are rethrown.</param>
    /// <returns>A body made with <c>Steps.From</c>.</returns>
    /// <remarks>The handler also sees <c>OperationCanceledException</c>; match the exceptions you mean to handle.</remarks>
    /// <example>
    /// <code>
    /// program {
    ///     let! q = Program.input
    ///     try
    ///         let! a = qa.Call q
    ///         return Some a
    ///     with :? AdapterParseException -> return None
    /// }
    /// </code>
    /// </example>
    member _.TryWith(body: unit -> ProgramBody<'In, 'T>, handler: exn -> ProgramBody<'In, 'T>) : ProgramBody<'In, 'T> =
        fun input ->
            Steps.From<'T>(fun (cancellationToken: CancellationToken) ->
                task {
                    try
                        return! (body () input).RunAsync(cancellationToken)
                    with error ->
                        return! (handler error input).RunAsync(cancellationToken)
                })

    /// <summary>
    /// <c>let! a = x and! b = y</c>: runs two sources (programs over the same input, or steps) at the same time, so their
    /// LM calls overlap.
    /// </summary>
    /// <param name="left">The first source.</param>
    /// <param name="right">The second source.</param>
    /// <returns>A body over <c>Steps.WhenAll</c> that yields both results.</returns>
    /// <example><code>program { let! q = Program.input in let! a = qa.Call q and! p = retriever.Search(q, 3) in return a, p }</code></example>
    member _.MergeSources(left: ProgramBody<'In, 'A>, right: ProgramBody<'In, 'B>) : ProgramBody<'In, 'A * 'B> =
        fun input -> StepPair.merge (left input) (right input)
