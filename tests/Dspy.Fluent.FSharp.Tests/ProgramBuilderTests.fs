module Dspy.Fluent.FSharp.Tests.ProgramBuilderTests

open System
open System.IO
open System.Threading.Tasks
open Dspy.Fluent
open Dspy.Fluent.FSharp
open Xunit

type Ask = { Question: string }

type Said = { Answer: string }

let qa = Predict.Create<Ask, Said>("qa")
let check = Predict.Create<Ask, Said>("check")

/// A predictor step built once, at module level, and bound later by several programs.
let greet = qa.Call { Question = "hello" }

/// Answers "A(question)" to every request, whatever the predictor.
let echoLM () =
    ScriptedChatClient.Answering(fun messages ->
        let question = ScriptedChatClient.InputOf(messages, "question")
        readOnlyDict [ "answer", box $"A({question})" ])

let settings (lm: ScriptedChatClient) = LMSettings(Client = lm)

let names (program: Program<'In, 'Out>) = program.Predictors |> Seq.map (fun p -> p.Name.Value) |> List.ofSeq

let run (lm: ScriptedChatClient) (input: 'In) (program: Program<'In, 'Out>) =
    program.RunAsync(input, settings lm, TestContext.Current.CancellationToken)

/// Builds a two-predictor program from predictors the caller passes in: they are captured locals, not module values.
let chain (first: Predictor<Ask, Said>) (second: Predictor<Ask, Said>) : Program<string, string> =
    program {
        let! question = Program.input
        let! a = first.Call { Question = question }
        let! b = second.Call { Question = a.Answer }
        return b.Answer
    }

[<Fact>]
let ``Predictors a program expression captures as locals are declared in the order it uses them`` () =
    let program = chain (Predict.Create<Ask, Said>("second")) (Predict.Create<Ask, Said>("first"))

    Assert.Equal<string list>([ "second"; "first" ], names program)

[<Fact>]
let ``A program expression feeds each step's output to the next and records every step`` () =
    task {
        let lm = echoLM ()
        let program = chain qa check

        let! outcome = program.TryRunAsync("q", settings lm, TestContext.Current.CancellationToken)

        Assert.Equal("A(A(q))", outcome.Output)
        Assert.Equal<string list>([ "qa"; "check" ], outcome.Trace |> Seq.map (fun t -> t.Name) |> List.ofSeq)
    }

[<Fact>]
let ``Code before the first let! runs once at composition and the predictor built there is declared`` () =
    task {
        let lm = echoLM ()
        let built = ref 0
        let program : Program<string, string> =
            program {
                built.Value <- built.Value + 1
                let local = Predict.Create<Ask, Said>("local")
                let! question = Program.input
                let! a = local.Call { Question = question }
                return a.Answer
            }

        let! first = run lm "x" program
        let! second = run lm "y" program

        Assert.Equal<string list>([ "local" ], names program)
        Assert.Equal(1, built.Value)
        Assert.Equal<string list>([ "A(x)"; "A(y)" ], [ first; second ])
    }

[<Fact>]
let ``A step value built ahead and bound inside the expression declares its predictor`` () =
    let program : Program<string, string> =
        program {
            let! question = Program.input
            let! hello = greet
            return hello.Answer + question
        }

    Assert.Equal<string list>([ "qa" ], names program)

[<Fact>]
let ``A step bound before the input is read declares its predictor`` () =
    task {
        let lm = echoLM ()
        let program : Program<string, string> =
            program {
                let! hello = check.Call { Question = "hi" }
                let! question = Program.input
                return $"{hello.Answer} {question}"
            }

        let! output = run lm "there" program

        Assert.Equal<string list>([ "check" ], names program)
        Assert.Equal("A(hi) there", output)
    }

[<Fact>]
let ``A predictor built after the first let! stops the first run with UndeclaredPredictorException before any LM call`` () =
    task {
        let lm = echoLM ()
        let program : Program<string, string> =
            program {
                let! question = Program.input
                let! a = Predict.Create<Ask, Said>("inline").Call { Question = question }
                return a.Answer
            }

        let! error = Assert.ThrowsAsync<UndeclaredPredictorException>(fun () -> run lm "q" program :> Task)

        Assert.Equal("inline", error.Predictor)
        Assert.Equal(0, lm.CallCount)
    }

[<Fact>]
let ``Program.uses declares a predictor the expression builds late, and the same program then runs`` () =
    task {
        let lm = echoLM ()
        let judgeFor name = Predict.Create<Ask, Said>(name)
        let program =
            program {
                let! question = Program.input
                let! a = (judgeFor "judge").Call { Question = question }
                return a.Answer
            }
            |> Program.uses [ judgeFor "judge" ]

        let! output = run lm "q" program

        Assert.Equal<string list>([ "judge" ], names program)
        Assert.Equal("A(q)", output)
    }

let demo = Example.Create("question", "Where?").With("answer", "There")

let compiledQa : Program<string, string> =
    program {
        let! question = Program.input
        let! a = qa.Call { Question = question }
        return a.Answer
    }
    |> Program.withState (ProgramState.Empty.With("qa", PredictorState(Demos = [| demo |])))

[<Fact>]
let ``A compiled program bound with let! brings its demos into the bigger program and its runs`` () =
    task {
        let lm = echoLM ()
        let bigger : Program<string, string> =
            program {
                let! answer = compiledQa
                let! checkedAnswer = check.Call { Question = answer }
                return checkedAnswer.Answer
            }

        let! output = run lm "q" bigger

        Assert.Equal<string list>([ "qa"; "check" ], names bigger)
        Assert.Equal(1, bigger.State.Find("qa").Demos.Count)
        Assert.Equal("A(A(q))", output)
        Assert.Equal(4, lm.Requests[0].Messages.Count) // system, demo question, demo answer, question
        Assert.Equal(2, lm.Requests[1].Messages.Count)
    }

[<Fact>]
let ``A program expression saves its state and a fresh one loads it back and runs with the demos`` () =
    task {
        let lm = echoLM ()
        let folder = Directory.CreateTempSubdirectory("dspy-fsharp-")
        try
            let path = Path.Combine(folder.FullName, "chain.json")
            let compiled = chain qa check |> Program.withState (ProgramState.Empty.With("qa", PredictorState(Demos = [| demo |])))
            do! compiled.SaveAsync(path, TestContext.Current.CancellationToken)

            let! loaded = (chain qa check).LoadStateAsync(path, TestContext.Current.CancellationToken)
            let! _ = run lm "q" loaded

            Assert.Equal<Example list>([ demo ], loaded.State.Find("qa").Demos |> List.ofSeq)
            Assert.Equal(0, loaded.State.Find("check").Demos.Count)
            Assert.Equal(4, lm.Requests[0].Messages.Count)
        finally
            folder.Delete(true)
    }

[<Fact>]
let ``return! ends with a step or with a program over the same input`` () =
    task {
        let lm = echoLM ()
        let viaStep : Program<string, Said> = program { let! question = Program.input in return! qa.Call { Question = question } }
        let viaProgram : Program<string, string> =
            program {
                let! question = Program.input
                if question = "" then return "empty" else return! compiledQa
            }

        let! said = run lm "q" viaStep
        let! empty = run lm "" viaProgram
        let! answered = run lm "q" viaProgram

        Assert.Equal("A(q)", said.Answer)
        Assert.Equal<string list>([ "empty"; "A(q)" ], [ empty; answered ])
        Assert.Equal<string list>([ "qa" ], names viaProgram)
    }

[<Fact>]
let ``do! and an if without else run unit steps in order, inside the run`` () =
    task {
        let lm = echoLM ()
        let log = Collections.Concurrent.ConcurrentQueue<string>()
        let note text = Step.ofAsync (async { log.Enqueue text })
        let program : Program<string, string> =
            program {
                let! question = Program.input
                do! note $"start {question}"
                if question.EndsWith "?" then do! note "question mark"
                let! a = qa.Call { Question = question }
                do! note $"answered {a.Answer}"
                return a.Answer
            }

        let! _ = run lm "q?" program
        let! _ = run lm "q" program

        Assert.Equal<string list>([ "start q?"; "question mark"; "answered A(q?)"; "start q"; "answered A(q)" ], List.ofSeq log)
    }

[<Fact>]
let ``match! branches on a step's result`` () =
    task {
        let lm = echoLM ()
        let program : Program<string, string> =
            program {
                let! question = Program.input
                match! qa.Call { Question = question } with
                | { Answer = "A(stop)" } -> return "stopped"
                | a -> return! check.Call { Question = a.Answer } |> Step.map (fun c -> c.Answer)
            }

        let! stopped = run lm "stop" program
        let! checkedTwice = run lm "go" program

        Assert.Equal<string list>([ "stopped"; "A(A(go))" ], [ stopped; checkedTwice ])
        Assert.Equal<string list>([ "qa"; "check" ], names program)
    }

/// An LM that holds every reply until <paramref name="expected"/> requests are in flight, so only overlapping calls finish.
let barrierLM (expected: int) =
    let arrived = ref 0
    let all = TaskCompletionSource()
    let lm = echoLM ()
    lm.BeforeReply <-
        fun _ cancellationToken ->
            if Threading.Interlocked.Increment(&arrived.contents) = expected then all.SetResult()
            all.Task.WaitAsync(TimeSpan.FromSeconds 10.0, cancellationToken)
    lm

[<Fact>]
let ``and! over two steps sends both LM calls at the same time`` () =
    task {
        let lm = barrierLM 2
        let program : Program<string, string> =
            program {
                let! question = Program.input
                let! a = qa.Call { Question = question }
                and! c = check.Call { Question = question + "!" }
                return $"{a.Answer} {c.Answer}"
            }

        let! output = run lm "q" program

        Assert.Equal("A(q) A(q!)", output)
        Assert.Equal<string list>([ "qa"; "check" ], names program)
    }

[<Fact>]
let ``and! over two programs zips them on the same input and declares both`` () =
    task {
        let lm = barrierLM 2
        let checkIt : Program<string, string> = program { let! q = Program.input in let! c = check.Call { Question = q } in return c.Answer }
        let program : Program<string, string * string> =
            program {
                let! a = compiledQa
                and! c = checkIt
                return a, c
            }

        let! output = run lm "q" program

        Assert.Equal(("A(q)", "A(q)"), output)
        Assert.Equal<string list>([ "qa"; "check" ], names program)
        Assert.Equal(1, program.State.Find("qa").Demos.Count)
    }

[<Fact>]
let ``try with runs the handler's branch when a reply cannot be parsed, and declares the predictors of both`` () =
    task {
        let lm = ScriptedChatClient.RawInOrder [ "no fields here"; "no fields here"; "[[ ## answer ## ]]\nfallback" ]
        let program : Program<string, string> =
            program {
                let! question = Program.input
                try
                    let! a = qa.Call { Question = question }
                    return a.Answer
                with :? AdapterParseException ->
                    let! c = check.Call { Question = question }
                    return "recovered " + c.Answer
            }

        let! outcome = program.TryRunAsync("q", LMSettings(Client = lm), TestContext.Current.CancellationToken)

        Assert.Equal<string list>([ "qa"; "check" ], names program)
        Assert.Null(outcome.Error)
        Assert.Equal("recovered fallback", outcome.Output)
        Assert.Equal<string list>([ "check" ], outcome.Trace |> Seq.map (fun t -> t.Name) |> List.ofSeq)
    }

[<Fact>]
let ``An exception the handler does not match still fails the run`` () =
    task {
        let program : Program<string, string> =
            program {
                let! question = Program.input
                try
                    return! Step.ofAsync (async { return failwith $"boom {question}" })
                with :? AdapterParseException -> return "not this one"
            }

        let! error = Assert.ThrowsAsync<Exception>(fun () -> run (echoLM ()) "q" program :> Task)

        Assert.Equal("boom q", error.Message)
    }
