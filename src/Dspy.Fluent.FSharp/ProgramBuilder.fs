namespace Dspy.Fluent.FSharp

open System
open System.Threading
open Dspy.Fluent

/// <summary>
/// The builder behind <c>program { … }</c>: a computation expression whose value is a <c>Program&lt;'In, 'Out&gt;</c>,
/// built from the library's own combinators, so the program declares its predictors before it runs, as a LINQ query does.
/// </summary>
/// <remarks>
/// <para>Each construct is one combinator: <c>let!</c> over a program is <c>BindProgram</c> (the program runs on the same
/// input); a step (<c>predictor.Call(…)</c>, <c>retriever.Search(…)</c>) is first lifted to <c>Programs.Input().Bind(fun _ -&gt; step)</c>;
/// <c>return</c> is <c>Select</c>, <c>and!</c> is <c>Zip</c>, <c>try … with</c> is <c>Programs.From</c>. <c>do!</c> and
/// <c>match!</c> follow from <c>let!</c>.</para>
/// <para>The code before the first <c>let!</c> runs once, when the expression is evaluated (a predictor built there is
/// built once and declared); everything after it runs on each run. Predictors the body uses are declared the way a LINQ
/// lambda's are: module-level values, captured locals and their arrays, captured programs with their state. A predictor
/// built after the first <c>let!</c> or returned by a function needs <c>Program.uses</c> (or <c>.Uses(…)</c>);
/// otherwise the first run that reaches it throws an <c>UndeclaredPredictorException</c>.</para>
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
    /// <returns>The program itself.</returns>
    /// <example><code>program { let! question = Program.input in return question.Length }</code></example>
    member _.Source(program: Program<'In, 'T>) : Program<'In, 'T> =
        ArgumentNullException.ThrowIfNull(program, nameof program)
        program

    /// <summary>
    /// Takes a step (a predictor call, a retrieval) as the source of a <c>let!</c>, <c>do!</c>, <c>match!</c> or <c>and!</c>:
    /// a program that runs the step and ignores its input.
    /// </summary>
    /// <param name="step">The step, e.g. <c>predictor.Call(input)</c>.</param>
    /// <returns><c>Programs.Input().Bind(fun _ -&gt; step)</c>.</returns>
    /// <remarks>Programs and steps meet here rather than in two <c>Bind</c> overloads, so F# knows the type of what
    /// <c>let!</c> binds before it reads the rest of the expression (<c>question.Length</c> needs no annotation).</remarks>
    /// <example><code>program { let! q = Program.input in let! a = qa.Call q in return a }</code></example>
    member _.Source(step: Step<'T>) : Program<'In, 'T> =
        ArgumentNullException.ThrowIfNull(step, nameof step)
        Programs.Input<'In>().Bind(fun _ -> step)

    /// <summary><c>let! x = …</c>: runs the source on the program's input and continues with its output.</summary>
    /// <param name="source">The program, or the step lifted by <c>Source</c>.</param>
    /// <param name="continuation">The rest of the expression.</param>
    /// <returns><c>source.BindProgram(continuation)</c>.</returns>
    /// <example><code>program { let! question = Program.input in let! a = qa.Call question in return a }</code></example>
    member _.Bind(source: Program<'In, 'T>, continuation: 'T -> Program<'In, 'U>) : Program<'In, 'U> =
        source.BindProgram(Func<'T, Program<'In, 'U>> continuation)

    /// <summary><c>return x</c>: the program's output.</summary>
    /// <param name="value">The output.</param>
    /// <returns><c>Programs.Input().Select(fun _ -&gt; value)</c>.</returns>
    /// <example><code>program { let! a = qa.Call q in return a.GetText "answer" }</code></example>
    member _.Return(value: 'T) : Program<'In, 'T> = Programs.Input<'In>().Select(fun _ -> value)

    /// <summary><c>return! p</c>: ends with a program over the same input.</summary>
    /// <param name="program">The program.</param>
    /// <returns>The program itself.</returns>
    /// <example><code>program { let! q = Program.input in if q = "" then return "" else return! answerText }</code></example>
    member _.ReturnFrom(program: Program<'In, 'T>) : Program<'In, 'T> =
        ArgumentNullException.ThrowIfNull(program, nameof program)
        program

    /// <summary><c>return! s</c>: ends with a step's result.</summary>
    /// <param name="step">The step.</param>
    /// <returns><c>Programs.Input().Bind(fun _ -&gt; step)</c>.</returns>
    /// <example><code>program { let! q = Program.input in return! qa.Call q }</code></example>
    member _.ReturnFrom(step: Step<'T>) : Program<'In, 'T> =
        ArgumentNullException.ThrowIfNull(step, nameof step)
        Programs.Input<'In>().Bind(fun _ -> step)

    /// <summary>An <c>if</c> without <c>else</c>: nothing happens.</summary>
    /// <returns>A program that returns <c>()</c>.</returns>
    /// <example><code>program { let! q = Program.input in if q = "" then do! log.Call q }</code></example>
    member this.Zero() : Program<'In, unit> = this.Return(())

    /// <summary>Sequences a unit-valued part before the rest, e.g. after an <c>if … then do! …</c>.</summary>
    /// <param name="first">The part that runs first.</param>
    /// <param name="rest">The rest of the expression.</param>
    /// <returns><c>first.BindProgram(fun () -&gt; rest ())</c>.</returns>
    /// <example><code>program { let! q = Program.input in (if q = "" then do! log.Call q); return q }</code></example>
    member _.Combine(first: Program<'In, unit>, rest: unit -> Program<'In, 'T>) : Program<'In, 'T> =
        first.BindProgram(fun () -> rest ())

    /// <summary>Keeps the body as a function until <c>Run</c>, <c>Combine</c> or <c>TryWith</c> needs it.</summary>
    /// <param name="body">The body.</param>
    /// <returns>The body.</returns>
    /// <example><code>program { return 1 } // Run(Delay(fun () -&gt; Return 1))</code></example>
    member _.Delay(body: unit -> Program<'In, 'T>) : unit -> Program<'In, 'T> = body

    /// <summary>Composes the program: runs the code up to the first <c>let!</c> now, once.</summary>
    /// <param name="body">The delayed body.</param>
    /// <returns>The composed program; nothing has been sent to an LM.</returns>
    /// <example><code>let p : Program&lt;string, int&gt; = program { let! q = Program.input in return q.Length }</code></example>
    member _.Run(body: unit -> Program<'In, 'T>) : Program<'In, 'T> = body ()

    /// <summary>
    /// <c>try … with</c>: runs the body on each run and, if it throws, the handler's program on the same input, inside the
    /// same run (trace, history, state).
    /// </summary>
    /// <param name="body">The guarded part.</param>
    /// <param name="handler">Picks the program to run instead from the exception; unmatched exceptions are rethrown.</param>
    /// <returns>A program made with <c>Programs.From</c>.</returns>
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
    member _.TryWith(body: unit -> Program<'In, 'T>, handler: exn -> Program<'In, 'T>) : Program<'In, 'T> =
        Programs.From<'In, 'T>(fun input (cancellationToken: CancellationToken) ->
            task {
                try
                    return! body().RunAsync(input, cancellationToken)
                with error ->
                    return! (handler error).RunAsync(input, cancellationToken)
            })

    /// <summary>
    /// <c>let! a = x and! b = y</c>: runs two sources (programs, or steps lifted by <c>Source</c>) on the same input at the
    /// same time, so their LM calls overlap.
    /// </summary>
    /// <param name="left">The first source.</param>
    /// <param name="right">The second source.</param>
    /// <returns><c>left.Zip(right, fun a b -&gt; a, b)</c>.</returns>
    /// <example><code>program { let! q = Program.input in let! a = qa.Call q and! p = retriever.Search(q, 3) in return a, p }</code></example>
    member _.MergeSources(left: Program<'In, 'A>, right: Program<'In, 'B>) : Program<'In, 'A * 'B> =
        left.Zip(right, fun a b -> a, b)
