module Dspy.Fluent.FSharp.Tests.ToolCallsTests

open System
open System.Collections.Generic
open System.Threading.Tasks
open Dspy.Fluent
open Microsoft.Extensions.AI
open Xunit

/// A client whose one reply is a native function call, recording the tools it was offered.
type private CallingClient() =
    member val Offered: string list = [] with get, set
    interface IChatClient with
        member this.GetResponseAsync(_messages, options, _ct) =
            this.Offered <- [ for t in options.Tools -> t.Name ]
            let call = FunctionCallContent("c1", "add", Dictionary<string, obj>(dict [ "a", box 2; "b", box 3 ]))
            Task.FromResult(ChatResponse(ChatMessage(ChatRole.Assistant, ResizeArray<AIContent>([ call :> AIContent ]))))
        member _.GetStreamingResponseAsync(_messages, _options, _ct) = raise (NotSupportedException "not streamed")
        member _.GetService(_serviceType, _serviceKey) = null
        member _.Dispose() = ()

[<Fact>]
let ``an F# predictor with tools gets the provider's function calls back as ToolCalls`` () =
    task {
        let add = AIFunctionFactory.Create(Func<int, int, int>(fun a b -> a + b), "add", "Adds two numbers.")
        let client = new CallingClient()
        let predictor = Predict.Create("calc", "question, tools: list[Tool] -> calls: ToolCalls")
        let inputs = Example.Create("question", "2 + 3?").With("tools", [| add |])

        let! prediction = predictor.RunAsync(inputs, LMSettings(Client = client, Adapter = ChatAdapter(UseNativeFunctionCalling = true)), TestContext.Current.CancellationToken)

        let calls = prediction.Get<ToolCalls> "calls"
        Assert.Equal<string list>([ "add" ], client.Offered)
        Assert.Equal("""{"tool_calls": [{"name": "add", "args": {"a": 2, "b": 3}}]}""", string calls)
        Assert.Equal("add", calls.ToFunctionCalls().[0].Name)
    }

[<Fact>]
let ``an F# ChatAdapter reads tool calls written as text`` () =
    let signature = Signature.Parse "question, tools: list[Tool] -> calls: ToolCalls"

    let calls = ChatAdapter.Default.Parse(signature, "[[ ## calls ## ]]\n[{\"name\": \"add\", \"args\": {\"a\": 1}}]\n\n[[ ## completed ## ]]").Get<ToolCalls> "calls"

    Assert.Equal([ "add" ], calls.Calls |> Seq.map (fun c -> c.Name))
    Assert.Equal(FieldType.ToolCalls, signature.OutputFields.[0].Type)
