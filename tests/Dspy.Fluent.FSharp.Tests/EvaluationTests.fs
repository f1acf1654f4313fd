module Dspy.Fluent.FSharp.Tests.EvaluationTests

open System
open System.Collections.Generic
open Dspy.Fluent
open Xunit

/// An LM that answers "A(question)", and fails for the questions given.
let echoLM (fails: string list) =
    ScriptedChatClient.Answering(fun messages ->
        let question = ScriptedChatClient.InputOf(messages, "question")
        if List.contains question fails then raise (InvalidOperationException $"refused {question}")
        readOnlyDict [ "answer", box $"A({question})" ])

let qa = Predict.Create("qa", "question -> answer")

let devset =
    [ for i in 0..9 -> Example.Create("question", $"q{i}").With("answer", (if i < 8 then $"A(q{i})" else "other")).WithInputs([ "question" ]) ]

type Question = { Question: string }

/// A typed program: a record in, a string out (read by metrics as the "answer" field).
let typed : Program<Question, string> =
    Programs.Input<Question>().Bind(fun q -> qa.Call(Example.Create("question", q.Question))).Select(fun p -> p.GetText "answer")

[<Fact>]
let ``A program evaluated from F# scores every example and keeps devset order`` () =
    task {
        let options = EvaluateOptions(Concurrency = 4, MaxErrors = Nullable(), Settings = LMSettings(Client = echoLM [ "q3" ]))
        let! result = Evaluate.RunAsync(typed, devset, Metrics.ExactMatch, options, TestContext.Current.CancellationToken)
        Assert.Equal<int list>([ 0..9 ], result.Rows |> Seq.map (fun r -> r.Index) |> List.ofSeq)
        Assert.Equal(0.7, result.Score, 12) // q3 failed, q8 and q9 are wrong
        Assert.Equal("InvalidOperationException: refused q3", result.Rows[3].Error)
        Assert.Equal(1, result.ErrorCount)
    }

[<Fact>]
let ``F# functions become metrics and metrics combine`` () =
    task {
        let short = Metrics.Create("short", fun (_: Example) (p: Prediction) -> if (p.GetText "answer").Length <= 5 then 1.0 else 0.0)
        let gate = Metrics.FromPredicate("has_paren", fun (_: Example) (p: Prediction) -> (p.GetText "answer").Contains "(")
        let both = Metrics.AllOf(Metrics.ExactMatch, short, gate)
        let options = EvaluateOptions(Settings = LMSettings(Client = echoLM []))
        let! result = Evaluate.RunAsync(qa, devset, both, options, TestContext.Current.CancellationToken)
        Assert.Equal("all_of(exact_match, short, has_paren)", result.Metric)
        Assert.Equal(0.8, result.Score, 12)
    }

[<Fact>]
let ``A custom input mapping and reports work from F#`` () =
    task {
        let toInput = Func<Example, Question>(fun e -> { Question = (e.GetText "question").ToUpperInvariant() })
        let progress = List<EvaluationProgress>()
        let sink = { new IProgress<EvaluationProgress> with member _.Report value = lock progress (fun () -> progress.Add value) }
        let options = EvaluateOptions(Concurrency = 1, Progress = sink, Settings = LMSettings(Client = echoLM []), Title = "typed")
        let! result = Evaluate.RunAsync(typed, devset, toInput, Metrics.F1, options, TestContext.Current.CancellationToken)
        let again = JsonReport.FromJson(JsonReport.ToJson result)
        Assert.Equal(result, again)
        Assert.Contains("<title>typed: f1</title>", HtmlReport.ToHtml result)
        Assert.Equal(10, progress.Count)
        Assert.Equal("A(Q0)", result.Rows[0].Prediction.GetText "answer")
    }

/// A devset written in F#: what an F# user hands to [<DevsetSource>].
type ArithmeticDevset() =
    interface IDevsetSource with
        member _.GetExamplesAsync(_cancellationToken) =
            let examples =
                [ for i in 1..3 -> Example.Create("question", $"q{i}").With("answer", $"A(q{i})") ] :> IReadOnlyList<Example>
            System.Threading.Tasks.Task.FromResult examples

[<Theory; DevsetSource(typeof<ArithmeticDevset>)>]
let ``Each example of an F# devset source is one test case that must pass`` (example: Example) =
    task {
        let! row = qa.ShouldPassAsync(example, Metrics.ExactMatch, LMSettings(Client = echoLM []), TestContext.Current.CancellationToken)
        Assert.Equal(1.0, row.Score)
    }

[<Fact>]
let ``A failing F# assertion shows the prompt that was sent`` () =
    task {
        let example = Example.Create("question", "q1").With("answer", "something else").WithInputs([ "question" ])
        let! error =
            Assert.ThrowsAsync<MetricAssertionException>(fun () ->
                qa.ShouldPassAsync(example, Metrics.ExactMatch, LMSettings(Client = echoLM []), TestContext.Current.CancellationToken) :> System.Threading.Tasks.Task)
        Assert.Contains("User message:\n\n[[ ## question ## ]]\nq1", error.Message)
    }

[<Fact>]
let ``A changed prompt fails with a diff per predictor and the files to accept`` () =
    let folder = IO.Path.Combine(IO.Path.GetTempPath(), "dspy-fsharp-snapshot-" + Guid.NewGuid().ToString("N"))
    let snapshots = IO.Path.Combine(folder, "__snapshots__")
    IO.Directory.CreateDirectory(snapshots) |> ignore
    try
        // The reviewed prompts, as another instruction would render them (strict mode in CI forbids creating one here).
        let reviewed = Predict.Create("qa", Signature.Parse("question -> answer", "Answer briefly."))
        IO.File.WriteAllText(IO.Path.Combine(snapshots, "Qa.snap"), Text.Json.JsonSerializer.Serialize(PromptSnapshot.Render(reviewed)))

        let error =
            Assert.Throws<PromptSnapshotMismatchException>(fun () ->
                PromptSnapshot.Match(Predict.Create("qa", Signature.Parse("question -> answer", "Answer in one word.")), Snapshooter.SnapshotFullName("Qa.snap", folder)))

        Assert.Contains("=== qa (Predict) ===", error.Message)
        Assert.Contains("\n-        Answer briefly.\n+        Answer in one word.\n", error.Message)
        Assert.True(IO.File.Exists error.MismatchPath)
        Assert.Contains("dspy snapshots accept " + error.MismatchPath, error.Message)
    finally
        IO.Directory.Delete(folder, true)
