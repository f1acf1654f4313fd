namespace Dspy.Fluent.FSharp

open System
open Microsoft.Extensions.AI
open Dspy.Fluent

/// <summary>Pipeline-friendly functions over <c>Program&lt;'In, 'Out&gt;</c>: the program comes last, so <c>|&gt;</c> chains them.</summary>
/// <example>
/// <code>
/// let! answer =
///     qa
///     |> Program.map (fun p -> p.GetText "answer")
///     |> Program.withLM lm
///     |> Program.run (Example.Create("question", "Where was Ada born?"))
/// </code>
/// </example>
[<RequireQualifiedAccess>]
[<CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Program =
    /// <summary>The identity program: its output is its input. The first <c>let!</c> of a <c>program { … }</c>.</summary>
    /// <returns><c>Programs.Input&lt;'T&gt;()</c>.</returns>
    /// <example><code>program { let! question = Program.input&lt;string&gt; in return question.Trim() }</code></example>
    [<GeneralizableValue>]
    let input<'T> : Program<'T, 'T> = Programs.Input<'T>()

    /// <summary>A plain function as a program (no LM call).</summary>
    /// <param name="mapping">The function.</param>
    /// <returns><c>Programs.Lift mapping</c>.</returns>
    /// <example><code>let normalise : Program&lt;string, string&gt; = Program.lift (fun q -> q.Trim())</code></example>
    let lift (mapping: 'In -> 'Out) : Program<'In, 'Out> = Programs.Lift(Func<'In, 'Out> mapping)

    /// <summary>Maps the output with a plain function; no LM call is added.</summary>
    /// <param name="mapping">The function.</param>
    /// <param name="program">The program.</param>
    /// <returns><c>program.Map mapping</c>.</returns>
    /// <example><code>let text = qa |> Program.map (fun p -> p.GetText "answer")</code></example>
    let map (mapping: 'Out -> 'Result) (program: Program<'In, 'Out>) : Program<'In, 'Result> =
        ArgumentNullException.ThrowIfNull(program, nameof program)
        program.Map(Func<'Out, 'Result> mapping)

    /// <summary>Continues with a step built from the output, e.g. a predictor call.</summary>
    /// <param name="binder">Builds the step from the output.</param>
    /// <param name="program">The program.</param>
    /// <returns><c>program.Bind binder</c>.</returns>
    /// <example><code>let answered = Program.input&lt;Example&gt; |> Program.bind (fun q -> qa.Call q)</code></example>
    let bind (binder: 'Out -> Step<'Result>) (program: Program<'In, 'Out>) : Program<'In, 'Result> =
        ArgumentNullException.ThrowIfNull(program, nameof program)
        program.Bind(Func<'Out, Step<'Result>> binder)

    /// <summary>The program with learned state applied (demos, instructions), e.g. from an optimizer or a file.</summary>
    /// <param name="state">The state, by predictor name.</param>
    /// <param name="program">The program; it is not changed.</param>
    /// <returns><c>program.WithState state</c>.</returns>
    /// <exception cref="T:Dspy.Fluent.ProgramStateFormatException">The state names a predictor the program does not declare.</exception>
    /// <example><code>let compiled = rag |> Program.withState (ProgramState.Empty.With("qa", PredictorState(Demos = demos)))</code></example>
    let withState (state: ProgramState) (program: Program<'In, 'Out>) : Program<'In, 'Out> =
        ArgumentNullException.ThrowIfNull(program, nameof program)
        program.WithState state

    /// <summary>The program talking to <paramref name="client"/> instead of the run's LM.</summary>
    /// <param name="client">The LM.</param>
    /// <param name="program">The program; it is not changed.</param>
    /// <returns><c>program.WithLM client</c>.</returns>
    /// <example><code>let offline = rag |> Program.withLM (new SimulatedLM())</code></example>
    let withLM (client: IChatClient) (program: Program<'In, 'Out>) : Program<'In, 'Out> =
        ArgumentNullException.ThrowIfNull(program, nameof program)
        program.WithLM client

    /// <summary>Declares predictors the program reaches in a way its structure cannot see (built in a later step, returned by a function).</summary>
    /// <param name="predictors">The predictors.</param>
    /// <param name="program">The program; it is not changed.</param>
    /// <returns><c>program.Uses predictors</c>.</returns>
    /// <exception cref="T:Dspy.Fluent.ProgramStructureException">One of them shares its name with a different predictor of the program.</exception>
    /// <example><code>let judged = program { let! a = Program.input in return! (judgeFor "qa").Call a } |> Program.uses [ judgeFor "qa" ]</code></example>
    let uses (predictors: IPredictor seq) (program: Program<'In, 'Out>) : Program<'In, 'Out> =
        ArgumentNullException.ThrowIfNull(program, nameof program)
        program.Uses predictors

    /// <summary>Runs the program with the ambient LM settings (<c>LMSettings.Use</c>) and the async's cancellation token.</summary>
    /// <param name="input">The input.</param>
    /// <param name="program">The program.</param>
    /// <returns>The output.</returns>
    /// <exception cref="T:Dspy.Fluent.AdapterParseException">An LM reply could not be parsed even after the fallback.</exception>
    /// <example><code>let! answer = rag |> Program.run "Where was Ada born?"</code></example>
    let run (input: 'In) (program: Program<'In, 'Out>) : Async<'Out> =
        ArgumentNullException.ThrowIfNull(program, nameof program)
        async {
            let! cancellationToken = Async.CancellationToken
            return! program.RunAsync(input, cancellationToken) |> Async.AwaitTask
        }

    /// <summary>Runs the program with explicit LM settings and the async's cancellation token.</summary>
    /// <param name="settings">The LM and its settings.</param>
    /// <param name="input">The input.</param>
    /// <param name="program">The program.</param>
    /// <returns>The output.</returns>
    /// <example><code>let! answer = rag |> Program.runWith (LMSettings(Client = lm, Temperature = 0.0f)) "Where was Ada born?"</code></example>
    let runWith (settings: LMSettings) (input: 'In) (program: Program<'In, 'Out>) : Async<'Out> =
        ArgumentNullException.ThrowIfNull(settings, nameof settings)
        ArgumentNullException.ThrowIfNull(program, nameof program)
        async {
            let! cancellationToken = Async.CancellationToken
            return! program.RunAsync(input, settings, cancellationToken) |> Async.AwaitTask
        }

    /// <summary>Saves the program's learned state, with an entry per declared predictor.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="program">The program.</param>
    /// <example><code>do! compiled |> Program.save "rag.compiled.json"</code></example>
    let save (path: string) (program: Program<'In, 'Out>) : Async<unit> =
        ArgumentNullException.ThrowIfNull(program, nameof program)
        async {
            let! cancellationToken = Async.CancellationToken
            do! program.SaveAsync(path, cancellationToken) |> Async.AwaitTask
        }

    /// <summary>The program with the state saved at <paramref name="path"/>, checked against its declared predictors first.</summary>
    /// <param name="path">A file written by <c>Program.save</c> or <c>SaveAsync</c>.</param>
    /// <param name="program">The program; it is not changed.</param>
    /// <returns>The program with the state applied.</returns>
    /// <exception cref="T:Dspy.Fluent.ProgramStateFormatException">The file does not fit the program; the message lists every problem.</exception>
    /// <example><code>let! compiled = rag |> Program.loadState "rag.compiled.json"</code></example>
    let loadState (path: string) (program: Program<'In, 'Out>) : Async<Program<'In, 'Out>> =
        ArgumentNullException.ThrowIfNull(program, nameof program)
        async {
            let! cancellationToken = Async.CancellationToken
            return! program.LoadStateAsync(path, cancellationToken) |> Async.AwaitTask
        }
