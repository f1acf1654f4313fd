module Dspy.Fluent.FSharp.Tests.SearchOptimizerTests

open System
open System.Collections.Generic
open Dspy.Fluent
open Xunit

/// The rule writer answers "1. Be BRIEF."; the program answers every question right when its instructions say "BRIEF",
/// and only the even ones otherwise.
let lm =
    ScriptedChatClient.Answering(fun messages ->
        let system = messages[0].Text
        if system.Contains "`natural_language_rules`" then readOnlyDict [ "reasoning", box "short answers"; "natural_language_rules", box "1. Be BRIEF." ]
        else
            let q = ScriptedChatClient.InputOf(messages, "question")
            let i = int (q.Substring 1)
            readOnlyDict [ "answer", box (if system.Contains "BRIEF" || i % 2 = 0 then $"a{i}" else "wrong") ])

let qa = Predict.Create("qa", "question -> answer")

let trainset =
    [ for i in 0..7 -> Example.Create("question", $"q{i}").With("answer", $"a{i}").WithInputs([ "question" ]) ]

let ct () = TestContext.Current.CancellationToken

[<Fact>]
let ``InferRules appends the induced rules from F# and the program then passes every example`` () =
    task {
        let options = InferRulesOptions(NumCandidates = 2, Settings = LMSettings(Client = lm), Bootstrap = BootstrapFewShotOptions(MaxBootstrappedDemos = 0, MaxLabeledDemos = 0))
        let! result = InferRules(Metrics.ExactMatch, options).CompileAsync(qa, trainset, ct ())
        Assert.EndsWith("Please adhere to the following rules when making your prediction:\n1. Be BRIEF.", result.State.Find("qa").Instructions)
        Assert.Equal(Nullable 1.0, result.Report.Score)
    }

[<Fact>]
let ``BetterTogether runs named optimizers in the strategy's order from F#`` () =
    task {
        let optimizers =
            readOnlyDict [
                "p", InferRules(Metrics.ExactMatch, InferRulesOptions(NumCandidates = 1, Settings = LMSettings(Client = lm), Bootstrap = BootstrapFewShotOptions(MaxBootstrappedDemos = 0, MaxLabeledDemos = 0))) :> IOptimizer
                "l", LabeledFewShot(LabeledFewShotOptions(K = 2)) :> IOptimizer ]
        let options = BetterTogetherOptions(Strategy = "l -> p", ValsetRatio = 0.5, Settings = LMSettings(Client = lm))
        let! result = BetterTogether(Metrics.ExactMatch, optimizers, options).CompileAsync(qa, trainset, ct ())
        Assert.Equal<string list>([ "the uncompiled program"; "l"; "l -> p" ], result.Report.Trials |> Seq.map (fun t -> t.Label) |> List.ofSeq)
        Assert.Equal(Nullable 1.0, result.Report.Score)
        // InferRules bootstraps first, and a bootstrap (with no demos asked for, here) replaces the demos, as in DSPy.
        Assert.Empty(result.State.Find("qa").Demos)
        let error = Assert.Throws<ArgumentException>(fun () -> BetterTogether(Metrics.ExactMatch, optimizers, BetterTogetherOptions(Strategy = "p -> w")) |> ignore)
        Assert.Contains("'w'", error.Message)
    }

[<Fact>]
let ``SIMBA compiles from F#, validates its step winners on the trainset and refuses bad options`` () =
    task {
        let options = SIMBAOptions(BatchSize = 4, NumCandidates = 2, MaxSteps = 2, Seed = 1, Settings = LMSettings(Client = lm))
        let! result = SIMBA(Metrics.ExactMatch, options).CompileAsync(qa, trainset, ct ())
        Assert.Equal(Nullable 0.5, result.Report.BaselineScore)
        Assert.Single(result.Report.Trials, fun t -> t.Phase = "trainset" && t.Accepted) |> ignore
        Assert.Throws<ArgumentOutOfRangeException>(fun () -> SIMBA(Metrics.ExactMatch, SIMBAOptions(MaxSteps = 0)) |> ignore) |> ignore
    }
