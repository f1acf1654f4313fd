/// The F# blocks of README.md and docs/programs.md, as compiled code: Dspy.Docs.Tests checks each ```fsharp block is
/// byte-identical to its `// #region NAME` here, and the tests below run them offline.
module Dspy.Fluent.FSharp.Tests.DocSnippets

open System.ComponentModel
open System.Text.Json.Serialization
open Dspy.Fluent
open Dspy.Fluent.FSharp
open Xunit

[<Description("Answer questions with short factoid answers.")>]
type GenerateAnswer =
    { [<Description("may contain relevant facts")>] Context: System.Collections.Generic.IReadOnlyList<string>
      Question: string }

type Answer = { [<JsonPropertyName("answer")>] Text: string }

let private world = SyntheticWorld.Generate(SyntheticWorldOptions(Seed = 3, Questions = 4))
let retriever = Bm25Retriever.Build(world.Corpus)
let generateAnswer = Predict.ChainOfThought<GenerateAnswer, Answer>("generate_answer")

module Readme =
    // #region readme-fsharp
    open Dspy.Fluent
    open Dspy.Fluent.FSharp

    let rag : Program<string, string> =
        program {
            let! question = Program.input
            let! passages = retriever.Search(question, 3)
            let! answer = generateAnswer.Call { Context = passages.ToContext(); Question = question }
            return answer.Text
        }
    // rag.Predictors is [generate_answer]; rag |> Program.withState state |> Program.run "Where was Ada born?"
    // #endregion

module ProgramsDeclared =
    // #region programs-fsharp-declared
    let answer = Predict.ChainOfThought("generate_answer", "question -> answer")   // module-level: declared
    let qa = Programs.Input<Example>().Bind(fun q -> answer.Call q)
    // qa.Predictors: [generate_answer]
    // #endregion

module ProgramsExpression =
    let answer = ProgramsDeclared.answer
    let judgeFor (task: string) = Predict.Create("judge_" + task, "answer -> verdict: bool")

    // #region programs-fsharp-expression
    let qa : Program<Example, Prediction> =
        program {
            let! question = Program.input
            return! answer.Call question        // module-level or captured: declared
        }
    let judged = program { let! a = qa in return! (judgeFor "qa").Call(a.ToExample()) } |> Program.uses [ judgeFor "qa" ]
    // #endregion

let private names (p: Program<'i, 'o>) = p.Predictors |> Seq.map (fun p -> string p.Name) |> Seq.sort |> List.ofSeq

[<Fact>]
let ``The README's F# program declares its predictor and answers offline`` () =
    task {
        use lm = new SimulatedLM()
        let! text = Readme.rag.RunAsync("Where was Ada born?", LMSettings(Client = lm))
        Assert.Equal<string list>([ "generate_answer" ], names Readme.rag)
        Assert.False(System.String.IsNullOrWhiteSpace text)
    }

[<Fact>]
let ``docs/programs.md's F# programs declare what they capture and what Program.uses names`` () =
    Assert.Equal<string list>([ "generate_answer" ], names ProgramsDeclared.qa)
    Assert.Equal<string list>([ "generate_answer" ], names ProgramsExpression.qa)
    Assert.Equal<string list>([ "generate_answer"; "judge_qa" ], names ProgramsExpression.judged)
