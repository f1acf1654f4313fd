module Dspy.Fluent.FSharp.Tests.CallbackTests

open System.Collections.Concurrent
open System.Threading.Tasks
open Microsoft.Extensions.AI
open Dspy.Fluent
open Xunit

/// DSPy's BaseCallback shape: override only the handlers you need.
type LMEnds() =
    inherit DspyCallback()
    member val Models = ConcurrentQueue<string>()
    override this.OnLMEndAsync(call, _) =
        this.Models.Enqueue call.Name
        Task.CompletedTask

[<Fact>]
let ``an F# callback registered per run or in a scope sees the run's events`` () =
    task {
        let ct = TestContext.Current.CancellationToken
        let qa = Predict.Create("qa", "question -> answer")
        let lm: IChatClient = ScriptedChatClient.InOrder([ readOnlyDict [ "answer", box "Paris" ]; readOnlyDict [ "answer", box "Rome" ] ])
        let events = ConcurrentQueue<string>()
        let recorder =
            { new IDspyCallback with
                member _.OnStartAsync(call, _) =
                    events.Enqueue $"start {call.Kind} {call.Name}"
                    Task.CompletedTask
                member _.OnEndAsync(call, _) =
                    events.Enqueue $"end {call.Kind} {call.Name}"
                    Task.CompletedTask }
        let lmEnds = LMEnds()

        let! _ = qa.RunAsync(Example.Create("question", "France?"), LMSettings(Client = lm, Callbacks = [| recorder |]), ct)
        use _ = LMSettings.Use lm
        use _ = LMSettings.UseCallbacks lmEnds
        let! _ = qa.RunAsync(Example.Create("question", "Italy?"), ct)

        Assert.Equal<string>([ "start Run program"; "start Predictor qa" ], events |> Seq.take 2)
        Assert.Equal("end Run program", Seq.last events)
        Assert.Equal<string>([ "lm" ], lmEnds.Models)
    }
