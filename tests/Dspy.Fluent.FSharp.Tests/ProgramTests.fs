module Dspy.Fluent.FSharp.Tests.ProgramTests

open System.ComponentModel
open Dspy.Fluent
open Dspy.Fluent.FSharp
open Xunit

[<Description("Rewrite the question as a search query.")>]
type Rewrite = { Question: string }

type Query = { Query: string }

type Respond = { Query: string; Question: string }

type Reply = { Answer: string }

let rewrite = Predict.Create<Rewrite, Query>("rewrite")
let respond = Predict.ChainOfThought<Respond, Reply>("respond")

/// Answers each request from its own inputs so the test can check that outputs follow inputs.
let echoLM () =
    ScriptedChatClient.Answering(fun messages ->
        let question = ScriptedChatClient.InputOf(messages, "question")
        match ScriptedChatClient.InputOf(messages, "query") with
        | null -> readOnlyDict [ "query", box $"Q({question})" ]
        | query -> readOnlyDict [ "reasoning", box $"since {query}"; "answer", box $"A({question})" ])

/// The two-step program, written with the shipped program computation expression.
let twoStep : Program<string, string> =
    program {
        let! question = Program.input
        let! q = rewrite.Call { Question = question }
        let! reply = respond.Call { Query = q.Query; Question = question }
        return reply.Answer
    }

[<Fact>]
let ``A two-step program written as an F# computation expression runs and records both steps`` () =
    task {
        let lm = echoLM ()
        let! outcome = twoStep.TryRunAsync("Where was Ada born?", LMSettings(Client = lm), TestContext.Current.CancellationToken)
        Assert.True(outcome.Succeeded)
        Assert.Equal("A(Where was Ada born?)", outcome.Output)
        Assert.Equal<string list>([ "rewrite"; "respond" ], outcome.Trace |> Seq.map (fun t -> t.Name) |> List.ofSeq)
        Assert.Equal(2, lm.CallCount)
    }

[<Fact>]
let ``The same program as a pipeline of Map and Bind gives the same answer`` () =
    task {
        let lm = echoLM ()
        let program =
            Programs.Input<string>()
            |> fun p -> p.Bind(fun question -> (rewrite.Call { Question = question }).Map(fun q -> q.Query, question))
            |> fun p -> p.Bind(fun (query, question) -> respond.Call { Query = query; Question = question })
            |> fun p -> p.Map(fun reply -> reply.Answer)
        let! answer = program.RunAsync("Who?", LMSettings(Client = lm), TestContext.Current.CancellationToken)
        Assert.Equal("A(Who?)", answer)
    }

[<Fact>]
let ``F# records become snake_case fields and the type description becomes the instructions`` () =
    let signature = Signature.From<Respond, Reply>()
    Assert.Equal<string list>([ "query"; "question"; "answer" ], signature.Fields |> Seq.map (fun f -> f.Name) |> List.ofSeq)
    Assert.Equal("Rewrite the question as a search query.", Signature.From<Rewrite, Query>().Instructions)

[<Fact>]
let ``WithState returns a new program and the original keeps running without demos`` () =
    task {
        let lm = echoLM ()
        let demo = Example.Create("question", "Where?").With("query", "where")
        let compiled = twoStep.WithState(ProgramState.Empty.With("rewrite", PredictorState(Demos = [| demo |])))
        let! _ = compiled.RunAsync("x", LMSettings(Client = lm), TestContext.Current.CancellationToken)
        let! _ = twoStep.RunAsync("y", LMSettings(Client = lm), TestContext.Current.CancellationToken)
        Assert.Equal(4, lm.Requests[0].Messages.Count)
        Assert.Equal(2, lm.Requests[2].Messages.Count)
        Assert.Equal(ProgramState.Empty, twoStep.State)
    }

[<Fact>]
let ``An F# program declares the module-level predictors its lambdas call before any run`` () =
    Assert.Equal<string list>([ "rewrite"; "respond" ], twoStep.Predictors |> Seq.map (fun p -> p.Name.Value) |> List.ofSeq)

[<Fact>]
let ``An F# lambda that builds its predictor inside is stopped on the first run with its name`` () =
    task {
        let program = Programs.Input<string>().Bind(fun q -> Predict.Create<Rewrite, Query>("inline").Call { Question = q })
        let! error = Assert.ThrowsAsync<UndeclaredPredictorException>(fun () ->
            program.RunAsync("q", LMSettings(Client = echoLM ()), TestContext.Current.CancellationToken) :> System.Threading.Tasks.Task)
        Assert.Equal("inline", error.Predictor)
    }
