module Dspy.Fluent.FSharp.Tests.ModuleFunctionTests

open System.ComponentModel
open System.IO
open Dspy.Fluent
open Dspy.Fluent.FSharp
open Xunit

[<Description("Answer briefly.")>]
type Ask = { Question: string }

type Said = { Answer: string }

type Hop = { Context: string list; Question: string }

type Query = { Query: string }

let qa = Predict.create<Ask, Said> "qa"

/// Answers "A(question)" to a question and "Q(question|context)" to a query request.
let echoLM () =
    ScriptedChatClient.Answering(fun messages ->
        let question = ScriptedChatClient.InputOf(messages, "question")
        match ScriptedChatClient.InputOf(messages, "context") with
        | null -> readOnlyDict [ "reasoning", box "because"; "answer", box $"A({question})" ]
        | context -> readOnlyDict [ "query", box $"Q({question}|{context})" ])

[<Fact>]
let ``Program.map and Program.bind chain a pipeline that Program.runWith runs`` () =
    task {
        let lm = echoLM ()
        let program =
            Program.input<string>
            |> Program.map (fun q -> { Question = q.Trim() })
            |> Program.bind qa.Call
            |> Program.map (fun said -> said.Answer.Length)

        let! length = Async.StartAsTask(program |> Program.runWith (LMSettings(Client = lm)) "  abc  ", cancellationToken = TestContext.Current.CancellationToken)

        Assert.Equal("A(abc)".Length, length)
        Assert.Equal<string list>([ "qa" ], program.Predictors |> Seq.map (fun p -> p.Name.Value) |> List.ofSeq)
    }

[<Fact>]
let ``Program.run uses the ambient LM and Program.withLM overrides it`` () =
    task {
        let ambient = echoLM ()
        let other = ScriptedChatClient.RawInOrder [ "[[ ## answer ## ]]\nother" ]
        let program = qa |> Program.map (fun s -> s.Answer)
        use _ = LMSettings.Use(ambient)

        let! fromAmbient = Async.StartAsTask(program |> Program.run { Question = "q" }, cancellationToken = TestContext.Current.CancellationToken)
        let! fromOther = Async.StartAsTask(program |> Program.withLM other |> Program.run { Question = "q" }, cancellationToken = TestContext.Current.CancellationToken)

        Assert.Equal<string list>([ "A(q)"; "other" ], [ fromAmbient; fromOther ])
        Assert.Equal(1, ambient.CallCount)
        Assert.Equal(1, other.CallCount)
    }

[<Fact>]
let ``Program.lift is a program with no LM call`` () =
    task {
        let lm = echoLM ()

        let! output = Async.StartAsTask(Program.lift (fun (x: int) -> x * 2) |> Program.runWith (LMSettings(Client = lm)) 21, cancellationToken = TestContext.Current.CancellationToken)

        Assert.Equal(42, output)
        Assert.Equal(0, lm.CallCount)
    }

[<Fact>]
let ``Program.save and Program.loadState round-trip the demos, and Program.withState leaves the original alone`` () =
    task {
        let folder = Directory.CreateTempSubdirectory("dspy-fsharp-")
        try
            let path = Path.Combine(folder.FullName, "qa.json")
            let demo = Example.Create("question", "Where?").With("answer", "There")
            let program = qa |> Program.map (fun s -> s.Answer)
            let compiled = program |> Program.withState (ProgramState.Empty.With("qa", PredictorState(Demos = [| demo |])))

            do! Async.StartAsTask(compiled |> Program.save path, cancellationToken = TestContext.Current.CancellationToken)
            let! loaded = Async.StartAsTask(program |> Program.loadState path, cancellationToken = TestContext.Current.CancellationToken)

            Assert.Equal<Example list>([ demo ], loaded.State.Find("qa").Demos |> List.ofSeq)
            Assert.Equal(ProgramState.Empty, program.State)
        finally
            folder.Delete(true)
    }

[<Fact>]
let ``Program.run takes the async's cancellation token to the LM call`` () =
    task {
        let lm = echoLM ()
        use cancelled = new System.Threading.CancellationTokenSource()
        cancelled.Cancel()

        let run = Async.StartAsTask(qa |> Program.runWith (LMSettings(Client = lm)) { Question = "q" }, cancellationToken = cancelled.Token)
        let! _ = Assert.ThrowsAnyAsync<System.OperationCanceledException>(fun () -> run :> System.Threading.Tasks.Task)

        Assert.Equal(0, lm.CallCount)
    }

let hops = [| Predict.create<Hop, Query> "hop0"; Predict.create<Hop, Query> "hop1" |]

[<Fact>]
let ``Step.fold threads the context through one step per hop and declares each hop's predictor`` () =
    task {
        let lm = echoLM ()
        let program : Program<string, string list> =
            program {
                let! question = Program.input
                return! [ 0; 1 ] |> Step.fold (fun context hop ->
                    step {
                        let! query = hops[hop].Call { Context = context; Question = question }
                        return context @ [ query.Query ]
                    }) []
            }

        let! context = program.RunAsync("q", LMSettings(Client = lm), TestContext.Current.CancellationToken)

        Assert.Equal<string list>([ "hop0"; "hop1" ], program.Predictors |> Seq.map (fun p -> p.Name.Value) |> List.ofSeq)
        Assert.Equal<string list>([ "Q(q|[])"; """Q(q|["Q(q|[])"])""" ], context)
    }

[<Fact>]
let ``Step.map, Step.bind, Step.value and Step.whenAll compose steps in order`` () =
    task {
        let lm = echoLM ()
        let ask q = qa.Call { Question = q } |> Step.map (fun s -> s.Answer)
        let program : Program<string, string list> =
            Program.input<string>
            |> Program.bind (fun q -> Step.value q |> Step.bind ask |> Step.bind (fun a -> Step.whenAll [ ask (a + "1"); ask (a + "2") ]))

        let! answers = program.RunAsync("q", LMSettings(Client = lm), TestContext.Current.CancellationToken)

        Assert.Equal<string list>([ "A(A(q)1)"; "A(A(q)2)" ], answers)
        Assert.Equal(3, lm.CallCount)
    }

[<Fact>]
let ``A step expression's and! runs both steps and a step's try with recovers`` () =
    task {
        let lm = ScriptedChatClient.RawInOrder [ "garbled"; "garbled"; "[[ ## answer ## ]]\nsecond" ]
        let safe q =
            step {
                try
                    return! qa.Call { Question = q } |> Step.map (fun s -> Some s.Answer)
                with :? AdapterParseException -> return None
            }
        let program : Program<string, string option * string option> =
            Program.input<string> |> Program.bind (fun q -> step { let! a = safe q in let! b = safe q in return a, b })

        let! answers = program.RunAsync("q", LMSettings(Client = lm), TestContext.Current.CancellationToken)

        Assert.Equal((None, Some "second"), answers)
    }

[<Fact>]
let ``Predict.create and Predict.chainOfThought take the signature from the records and withInstructions changes only the copy`` () =
    let respond = Predict.chainOfThought<Ask, Said> "respond"
    let terse = respond |> Predict.withInstructions "Use one word."

    Assert.Equal<string list>([ "question"; "reasoning"; "answer" ], respond.Signature.Fields |> Seq.map (fun f -> f.Name) |> List.ofSeq)
    Assert.Equal(PredictorKind.ChainOfThought, respond.Kind)
    Assert.Equal(PredictorKind.Predict, qa.Kind)
    Assert.Equal("Answer briefly.", respond.Signature.Instructions)
    Assert.Equal("Use one word.", terse.Signature.Instructions)
    Assert.Equal("respond", terse.Name.Value)

let devset =
    [ for i in 0..3 -> Example.Create("question", $"q{i}").With("answer", (if i < 3 then $"A(q{i})" else "wrong")).WithInputs([ "question" ]) ]

[<Fact>]
let ``Evaluate.run scores a program with the ambient LM and Evaluate.runWith with the options' LM`` () =
    task {
        let ambient = echoLM ()
        let other = echoLM ()
        let program = qa |> Program.map (fun s -> s.Answer)
        use _ = LMSettings.Use(ambient)

        let! result = Async.StartAsTask(program |> Evaluate.run Metrics.ExactMatch devset, cancellationToken = TestContext.Current.CancellationToken)
        let! again =
            Async.StartAsTask(
                program |> Evaluate.runWith (EvaluateOptions(Concurrency = 1, Settings = LMSettings(Client = other))) Metrics.ExactMatch devset,
                cancellationToken = TestContext.Current.CancellationToken)

        Assert.Equal(0.75, result.Score, 12)
        Assert.Equal(0.75, again.Score, 12)
        Assert.Equal(4, ambient.CallCount)
        Assert.Equal(4, other.CallCount)
    }
