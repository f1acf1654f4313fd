module Dspy.Fluent.FSharp.Tests.ModuleTests

open System
open System.Collections.Generic
open System.Threading.Tasks
open Microsoft.Extensions.AI
open Dspy.Fluent
open Xunit

let private reply (pairs: (string * obj) list) : IReadOnlyDictionary<string, obj> = readOnlyDict pairs

[<Fact>]
let ``A ReAct agent calls a tool made from an F# lambda with the arguments the LM chose`` () =
    task {
        let calls = ResizeArray<int * int>()
        let add =
            AIFunctionFactory.Create(
                Func<int, int, int>(fun a b ->
                    calls.Add((a, b))
                    a + b),
                "add",
                "Adds two whole numbers.")
        let lm =
            ScriptedChatClient.InOrder(
                [ reply [ "next_thought", box "Add them."; "next_tool_name", box "add"; "next_tool_args", box """{"a": 20, "b": 22}""" ]
                  reply [ "next_thought", box "Done."; "next_tool_name", box "finish"; "next_tool_args", box "{}" ]
                  reply [ "reasoning", box "The tool said 42."; "answer", box "42" ] ])
        let agent = ReAct("calc", "question -> answer", [ add ], maxIters = 5)

        let! outcome = agent.TryRunAsync(Example.Create("question", "What is 20 + 22?"), LMSettings(Client = lm), TestContext.Current.CancellationToken)

        Assert.True(outcome.Succeeded)
        Assert.Equal("42", outcome.Output.GetText "answer")
        Assert.Equal<(int * int) list>([ (20, 22) ], List.ofSeq calls)
        let steps = outcome.Output.Get<IReadOnlyList<ReActStep>> ReAct.TrajectoryField
        Assert.Equal("42", steps[0].Observation)
        Assert.Contains("(1) add, whose description is <desc>Adds two whole numbers.</desc>.", lm.Requests[0].Messages[0].Text)
        Assert.Equal<string list>([ "calc.react"; "calc.react"; "calc.extract" ], outcome.Trace |> Seq.map (fun t -> t.Name) |> List.ofSeq)
    }

type MathQuestion = { Question: string }

type MathAnswer = { Answer: string }

[<Fact>]
let ``A typed ReAct agent takes and returns F# records and answers offline on the simulated LM`` () =
    task {
        let calls = ResizeArray<int * int>()
        let add =
            AIFunctionFactory.Create(
                Func<int, int, int>(fun a b ->
                    calls.Add((a, b))
                    a + b),
                "add",
                "Adds two whole numbers and returns the sum.")
        let agent = ReAct<MathQuestion, MathAnswer>("calc", [ add ], 4)
        use lm = new SimulatedLM()

        let! outcome = agent.TryRunAsync({ Question = "What is 17 plus 25?" }, LMSettings(Client = lm), TestContext.Current.CancellationToken)

        Assert.True(outcome.Succeeded)
        Assert.Contains("42", outcome.Output.Answer)
        Assert.Equal<(int * int) list>([ (17, 25) ], List.ofSeq calls |> List.truncate 1)
        Assert.Equal<string list>([ "calc.react"; "calc.extract" ], agent.Predictors |> Seq.map (fun p -> p.Name.Value) |> List.ofSeq)
        Assert.Equal(ReActUnknownTool.EndLoop, agent.Options.UnknownTool)
    }

[<Fact>]
let ``A typed ReAct agent calls its tool through native function calling from F#`` () =
    task {
        let calls = ResizeArray<int * int>()
        let add =
            AIFunctionFactory.Create(
                Func<int, int, int>(fun a b ->
                    calls.Add((a, b))
                    a + b),
                "add",
                "Adds two whole numbers and returns the sum.")
        let agent = ReAct<MathQuestion, MathAnswer>("calc", [ add ], ReActOptions(MaxIters = 4, ToolCalling = ReActToolCalling.Native))
        use lm = new SimulatedLM()

        let! answer = agent.RunAsync({ Question = "What is 17 plus 25?" }, LMSettings(Client = lm), TestContext.Current.CancellationToken)

        Assert.Contains("42", answer.Answer)
        Assert.Equal((17, 25), calls[0])
        Assert.Equal("question, trajectory -> next_thought", agent.React.Signature.ToString())
    }

[<Fact>]
let ``BestOfN and Majority read naturally from F#`` () =
    task {
        let mutable n = 0
        let lm =
            ScriptedChatClient.Answering(fun _ ->
                n <- n + 1
                reply [ "answer", box (if n = 1 then "two words" else "one") ])
        let qa = Predict.Create("qa", "question -> answer")
        let best = BestOfN.Create(qa, 3, (fun _ (p: Prediction) -> if p.GetText("answer").Contains ' ' then 0.0 else 1.0), 1.0)

        let! result = best.RunAsync(Example.Create("question", "q"), LMSettings(Client = lm), TestContext.Current.CancellationToken)

        Assert.Equal("one", result.GetText "answer")
        let votes = [ Prediction(reply [ "answer", box "Paris" ]); Prediction(reply [ "answer", box "London" ]); Prediction(reply [ "answer", box "paris." ]) ]
        Assert.Equal("Paris", (Majority.Of votes).GetText "answer")
    }

[<Fact>]
let ``ProgramOfThought runs JavaScript the LM wrote`` () =
    task {
        let lm =
            ScriptedChatClient.InOrder(
                [ reply [ "reasoning", box "Multiply."; "generated_code", box "const answer = 6 * 7;" ]
                  reply [ "reasoning", box "The code gave 42."; "answer", box "42" ] ])
        let pot = ProgramOfThought("math", "question -> answer", JavaScriptSandbox())

        let! result = pot.RunAsync(Example.Create("question", "6 * 7?"), LMSettings(Client = lm), TestContext.Current.CancellationToken)

        Assert.Equal("42", result.GetText ProgramOfThought.CodeOutputField)
    }

[<Fact>]
let ``A code session keeps F# host functions and variables across runs and SUBMIT ends a run`` () =
    task {
        let seen = ResizeArray<string>()
        let shout =
            HostFunction("shout", fun args _ ->
                let text = args[0].GetString()
                seen.Add text
                ValueTask<obj>(box (text.ToUpperInvariant())))
        let sandbox: ICodeSessionFactory = JavaScriptSandbox()
        let session = sandbox.StartSession([ shout ])
        try
            session.SetVariable("name", "ada")
            let! first = session.ExecuteAsync("var loud = shout(name);", TestContext.Current.CancellationToken)
            let! second = session.ExecuteAsync("SUBMIT(loud + '!')", TestContext.Current.CancellationToken)

            Assert.True(first.Succeeded, first.Error)
            Assert.Equal<string list>([ "ada" ], List.ofSeq seen)
            Assert.Equal("ADA!", second.Submitted[0].GetString())
        finally
            session.DisposeAsync().AsTask().Wait()
    }

[<Fact>]
let ``CodeAct calls an F# tool from JavaScript and RLM answers with a sub-LM call`` () =
    task {
        let add = AIFunctionFactory.Create(Func<int, int, int>(fun a b -> a + b), "add", "Adds two whole numbers.")
        let lm =
            ScriptedChatClient.InOrder(
                [ reply [ "generated_code", box "```js\nprint(add(20, 22))\n```"; "finished", box true ]
                  reply [ "reasoning", box "The code printed 42."; "answer", box "42" ] ])
        let agent = CodeAct("calc", "question -> answer", [ add ], JavaScriptSandbox())

        let! result = agent.RunAsync(Example.Create("question", "20 + 22?"), LMSettings(Client = lm), TestContext.Current.CancellationToken)

        let trajectory = result.Get<IReadOnlyDictionary<string, string>> CodeAct.TrajectoryField
        Assert.Equal("\"42\\n\"", trajectory["code_output_0"])
        Assert.Equal<string list>([ "calc.codeact"; "calc.extractor" ], agent.Predictors |> Seq.map (fun p -> p.Name.Value) |> List.ofSeq)

        let sub =
            ScriptedChatClient.RawInOrder(
                [| "[[ ## reasoning ## ]]\nAsk.\n\n[[ ## code ## ]]\nSUBMIT(llm_query('City? ' + context))\n\n[[ ## completed ## ]]"; "Paris" |])
        let rlm = RLM("reader", "context -> answer", JavaScriptSandbox(), RLMOptions(MaxIters = 2, MaxLLMCalls = 1))

        let! answer = rlm.RunAsync(Example.Create("context", "Paris is the capital."), LMSettings(Client = sub), TestContext.Current.CancellationToken)

        Assert.Equal("Paris", answer.GetText "answer")
        Assert.Equal("City? Paris is the capital.", sub.Requests[1].Messages[0].Text)
    }
