module Dspy.Fluent.FSharp.Tests.OrleansTests

open Dspy.Fluent
open Dspy.Fluent.Orleans
open Dspy.Fluent.FSharp.Tests.EvaluationTests
open Microsoft.Extensions.AI
open Microsoft.Extensions.DependencyInjection
open Orleans.TestingHost
open Xunit

/// One silo in this process that runs "qa" on the echo LM and scores with exact match, configured from F#.
let private cluster () =
    let builder = InProcessTestClusterBuilder(1s)
    builder.Options.ConfigureFileLogging <- false
    builder.ConfigureSilo(fun _ silo ->
        silo.Services.AddChatClient(echoLM []) |> ignore
        silo.Services
            .AddDspy()
            .Configure(fun o ->
                o.Cache.Kind <- "none"
                o.Logging <- false
                o.Telemetry <- false)
            .AddProgram("qa", fun _ -> qa)
        |> ignore
        silo.AddDspyWorkers(fun workers -> workers.AddMetric(Metrics.ExactMatch) |> ignore) |> ignore)
    |> ignore
    builder.Build()

[<Fact>]
let ``an evaluation run on an Orleans silo from F# gives the in-process rows`` () = task {
    let ct = TestContext.Current.CancellationToken
    use cluster = cluster ()
    do! cluster.DeployAsync()
    let settings = LMSettings(Client = echoLM [])
    let executor = OrleansExecutor(cluster.Client, "qa", OrleansExecutorOptions(BatchSize = 4))

    let! local = Evaluate.RunAsync(qa, devset, Metrics.ExactMatch, EvaluateOptions(Settings = settings), ct)
    let! clustered = Evaluate.RunAsync(qa, devset, Metrics.ExactMatch, EvaluateOptions(Settings = settings, Executor = executor), ct)

    Assert.Equal<(int * float)>([ for r in local.Rows -> r.Index, r.Score ], [ for r in clustered.Rows -> r.Index, r.Score ])
    Assert.Equal(0.8, clustered.Score)
    Assert.True(executor.BatchesRun >= 3, $"{executor.BatchesRun} batches for 10 examples in batches of at most 4") }
