module Dspy.Fluent.FSharp.Tests.FailureTests

open System.Threading.Tasks
open Dspy.Fluent
open Xunit

[<Fact>]
let ``AdapterParseException.Attempts lists each adapter's failure in order`` () =
    task {
        let lm = ScriptedChatClient.RawInOrder("[[ ## count ## ]]\nforty-two", "I count forty-two.")
        let counter = Predict.Create("counter", "text -> count: int")

        let! error =
            Assert.ThrowsAsync<AdapterParseException>(fun () ->
                counter.RunAsync(Example.Create("text", "How many?"), LMSettings(Client = lm), TestContext.Current.CancellationToken) :> Task)

        match List.ofSeq error.Attempts with
        | [ first; fallback ] ->
            Assert.Equal(("ChatAdapter", ParseFailure.WrongType), (first.Adapter, first.Failure))
            Assert.Equal("[[ ## count ## ]]\nforty-two", first.Reply)
            Assert.Equal(("JsonAdapter", "I count forty-two."), (fallback.Adapter, fallback.Reply))
        | attempts -> failwithf "expected two attempts, got %d" attempts.Length
    }

[<Fact>]
let ``ProgramStateProblem is a value: built, compared and printed from F#`` () =
    let problem = ProgramStateProblem("predictors.qa.lm.max_tokens", "qa", "a whole number from 1 to 2147483647, or null", "the number 1.5")

    let same = ProgramStateProblem("predictors.qa.lm.max_tokens", "qa", "a whole number from 1 to 2147483647, or null", "the number 1.5")

    Assert.Equal(problem, same)
    Assert.Equal(Some "qa", Option.ofObj problem.Predictor)
    Assert.Equal("predictors.qa.lm.max_tokens: expected a whole number from 1 to 2147483647, or null; found the number 1.5", string problem)

[<Fact>]
let ``ProgramStateFormatException.Problems gives every wrong value of a file`` () =
    let json =
        """{"format": "dspy-fluent/program-state", "version": "1", "predictors": {"qa": {"instructions": 42, "demos": [], "lm": {"temperature": "hot"}}}}"""

    let error = Assert.Throws<ProgramStateFormatException>(fun () -> ProgramState.FromJson json |> ignore)

    let problems = [ for p in error.Problems -> p.Path, Option.ofObj p.Predictor, p.Found ]
    Assert.Equal<(string * string option * string) list>(
        [ "version", None, "the string \"1\""
          "predictors.qa.instructions", Some "qa", "the number 42"
          "predictors.qa.lm.temperature", Some "qa", "the string \"hot\"" ],
        problems)
