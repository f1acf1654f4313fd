module Dspy.Fluent.FSharp.Tests.OptimizerTests

open System
open System.Collections.Generic
open Dspy.Fluent
open Xunit

/// Proposers get an instruction with "BRIEF"; the program answers right for every question when its instruction says
/// "BRIEF", and only for even questions otherwise.
let lm =
    ScriptedChatClient.Answering(fun messages ->
        let system = messages[0].Text
        if system.Contains "`proposed_instruction`" then readOnlyDict [ "proposed_instruction", box "Answer. BRIEF." ]
        elif system.Contains "`new_instruction`" then readOnlyDict [ "new_instruction", box "Answer. BRIEF." ]
        else
            let q = ScriptedChatClient.InputOf(messages, "question")
            let i = int (q.Substring 1)
            readOnlyDict [ "answer", box (if system.Contains "BRIEF" || i % 2 = 0 then $"a{i}" else "wrong") ])

let qa = Predict.Create("qa", "question -> answer")

let trainset =
    [ for i in 0..7 -> Example.Create("question", $"q{i}").With("answer", $"a{i}").WithInputs([ "question" ]) ]

[<Fact>]
let ``COPRO compiles a program from F# and keeps the better instruction`` () =
    task {
        let options = COPROOptions(Breadth = 3, Depth = 2, Seed = 1, Settings = LMSettings(Client = lm))
        let! result = COPRO(Metrics.ExactMatch, options).CompileAsync(qa, trainset, TestContext.Current.CancellationToken)
        Assert.Equal("Answer. BRIEF.", result.State.Find("qa").Instructions)
        Assert.Equal(Nullable 1.0, result.Report.Score)
        Assert.Equal(Nullable 0.5, result.Report.BaselineScore)
    }

[<Fact>]
let ``MIPROv2 zero-shot compiles from F# with a manual budget and streams progress`` () =
    task {
        let seen = List<OptimizerProgress>()
        let options =
            MIPROv2Options(
                Auto = Nullable(), NumCandidates = Nullable 3, NumTrials = Nullable 4, MaxBootstrappedDemos = 0, MaxLabeledDemos = 0,
                Settings = LMSettings(Client = lm), Progress = { new IProgress<OptimizerProgress> with member _.Report p = lock seen (fun () -> seen.Add p) })
        let! result = MIPROv2(Metrics.ExactMatch, options).CompileAsync(qa, trainset, TestContext.Current.CancellationToken)
        Assert.Contains("BRIEF", result.State.Find("qa").Instructions)
        Assert.Empty(result.State.Find("qa").Demos)
        Assert.Contains(seen, fun p -> p.Phase = "searching" && p.Score.HasValue)
        // LM calls so far ride on every report; the report's cache hits are a plain int (none here: no cache).
        Assert.True(seen |> Seq.forall (fun p -> p.LMCalls >= p.CacheHits))
        Assert.Equal(0, result.Report.CacheHits)
    }

[<Fact>]
let ``GEPA reads metric feedback written in F# and reports the lineage`` () =
    task {
        let feedback =
            Metrics.FromResult("em with feedback", fun c ->
                let expected = c.Example.GetText "answer"
                if c.Prediction.GetText "answer" = expected then MetricResult(1.0)
                else MetricResult(0.0, $"expected {expected}"))
        let options = GEPAOptions(MaxMetricCalls = Nullable 40, Settings = LMSettings(Client = lm))
        let! result = GEPA(feedback, options).CompileAsync(qa, trainset, TestContext.Current.CancellationToken)
        Assert.Equal(Nullable 1.0, result.Report.Score)
        Assert.Equal(2, result.Report.Lineage.Count)
    }
