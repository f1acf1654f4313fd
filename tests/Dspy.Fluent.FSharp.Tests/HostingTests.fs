module Dspy.Fluent.FSharp.Tests.HostingTests

open System
open System.Collections.Generic
open System.IO
open Dspy.Fluent
open Microsoft.Extensions.Configuration
open Microsoft.Extensions.DependencyInjection
open Xunit

let private section (pairs: (string * string) list) =
    ConfigurationBuilder()
        .AddInMemoryCollection(pairs |> List.map KeyValuePair)
        .Build()
        .GetSection("Dspy")

let private demo = Example.Create("question", "Who founded Orvale Press?").With("answer", "Mira Tansel")

/// A "question -> answer" program "qa" compiled with one demo, saved to a fresh file.
let private savedQa () = task {
    let path = Path.Combine(Path.GetTempPath(), $"dspy-fsharp-{Guid.NewGuid():N}.json")
    let compiled = Predict.Create("qa", "question -> answer").WithState(ProgramState.Empty.With("qa", PredictorState(Demos = [| demo |])))
    do! compiled.SaveAsync(path, TestContext.Current.CancellationToken)
    return path }

[<Fact>]
let ``a program registered from F# gets its saved state and the configured LM`` () = task {
    let ct = TestContext.Current.CancellationToken
    let! path = savedQa ()
    let services = ServiceCollection()
    services
        .AddDspy(section [ "Dspy:Lm", "simulated"; "Dspy:Temperature", "0" ])
        .AddProgram("qa", path, fun _ -> Predict.Create("qa", "question -> answer"))
    |> ignore
    use provider = services.BuildServiceProvider()
    let qa = provider.GetRequiredService<DspyProgram<Example, Prediction>>()

    let! program = qa.GetProgramAsync(ct)
    let! answer = qa.RunAsync(Example.Create("question", "Who founded Ivel?"), ct)

    Assert.Equal<Example>([ demo ], program.State.Find("qa").Demos)
    Assert.Equal(Nullable 0.0f, qa.Settings.Temperature)
    Assert.NotNull(answer.GetText "answer")
    File.Delete path }

[<Fact>]
let ``a saved state that does not fit raises DspyProgramLoadException naming the predictor`` () = task {
    let ct = TestContext.Current.CancellationToken
    let! path = savedQa ()
    let services = ServiceCollection()
    services.AddDspy(section [ "Dspy:Lm", "simulated" ]) |> ignore
    services.AddDspyProgram("qa", path, fun _ -> Predict.Create("qa", "question, context -> answer")) |> ignore
    use provider = services.BuildServiceProvider()
    let registry = provider.GetRequiredService<DspyProgramRegistry>()

    let! error = Assert.ThrowsAsync<DspyProgramLoadException>(fun () -> registry.Get("qa").LoadAsync(ct) :> Threading.Tasks.Task)

    Assert.Equal("qa", error.Predictor)
    Assert.Contains("was compiled for 'question -> answer'", error.Message)
    File.Delete path }
