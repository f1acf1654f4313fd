module Dspy.Fluent.FSharp.Tests.McpTests

open System.Collections.Generic
open System.Reflection
open ModelContextProtocol.Client
open Dspy.Fluent
open Xunit

[<Fact>]
let ``An MCP server's tools become ReAct tools from F#`` () =
    task {
        let ct = TestContext.Current.CancellationToken
        let path =
            (Assembly.GetExecutingAssembly().GetCustomAttributes<AssemblyMetadataAttribute>()
             |> Seq.find (fun a -> a.Key = "McpServerPath")).Value
        let transport = StdioClientTransport(StdioClientTransportOptions(Name = "test-server", Command = "dotnet", Arguments = [| path |]))
        let! client = McpClient.CreateAsync(transport, cancellationToken = ct)
        use _ = { new System.IDisposable with member _.Dispose() = client.DisposeAsync().AsTask().Wait() }
        let! tools = McpTools.ListAsync(client, cancellationToken = ct)
        let agent = ReAct("agent", "question -> answer", tools |> Seq.filter (fun t -> t.Name = "add"), maxIters = 4)
        use lm = new SimulatedLM()

        let! outcome = agent.TryRunAsync(Example.Create("question", "What is 17 plus 25?"), LMSettings(Client = lm), ct)

        Assert.True(outcome.Succeeded)
        let steps = outcome.Output.Get<IReadOnlyList<ReActStep>> ReAct.TrajectoryField
        Assert.Equal("add", steps[0].ToolName)
        Assert.Equal("42", steps[0].Observation)
        Assert.Contains("42", outcome.Output.GetText "answer")
    }
