module Dspy.Fluent.FSharp.Tests.CompileCacheTests

open System.Collections.Generic
open System.IO
open System.Threading.Tasks
open Dspy.Fluent
open Dspy.Fluent.FSharp
open Xunit

type Ask = { Question: string }

type Said = { Answer: string }

let qa = Predict.Create<Ask, Said>("qa")

/// A fixture that compiles nothing: only its cache key is of interest.
type KeyOnly(student: Program<string, string>, folder: string) =
    inherit CompiledProgramFixture<string, string>()
    override _.CreateStudent() = student
    override _.CreateTrainset() = [| Example.Create("question", "q").With("answer", "a") |] :> IReadOnlyList<Example>
    override _.CreateSettings() = LMSettings(Client = ScriptedChatClient.RawInOrder [ "unused" ])
    override _.CompileAsync(_, _, _, _) = Task.FromResult ProgramState.Empty
    override _.CacheDirectory = folder

let keyOf (student: Program<string, string>) =
    task {
        let folder = Directory.CreateTempSubdirectory("dspy-fsharp-key-")
        try
            let fixture = KeyOnly(student, folder.FullName)
            do! fixture.InitializeAsync()
            return fixture.CacheKey
        finally
            folder.Delete(true)
    }

let asking : Program<string, string> =
    program {
        let! question = Program.input
        let! said = qa.Call { Question = question + "?" }
        return said.Answer
    }

/// The same program twice under one name, on two lines: F# names closure classes after the binding and its line.
let twoCopies () =
    let copy =
        program {
            let! question = Program.input
            let! said = qa.Call { Question = question + "?" }
            return said.Answer
        }
    let first = copy
    let copy =
        program {
            let! question = Program.input
            let! said = qa.Call { Question = question + "?" }
            return said.Answer
        }
    first, copy

let exclaiming : Program<string, string> =
    program {
        let! question = Program.input
        let! said = qa.Call { Question = question + "!" }
        return said.Answer
    }

[<Fact>]
let ``Editing the code inside a program expression changes its compile-cache key`` () =
    task {
        let! before = keyOf asking
        let! after = keyOf exclaiming

        Assert.NotEqual<string>(before, after)
    }

[<Fact>]
let ``The same program expression on other lines keeps its compile-cache key`` () =
    task {
        let copy, sameOnAnotherLine = twoCopies ()
        let! first = keyOf copy
        let! second = keyOf sameOnAnotherLine

        Assert.Equal(first, second)
    }
