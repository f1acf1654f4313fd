module Dspy.Fluent.FSharp.Tests.ConnectorTests

open System
open Dspy.Fluent
open Xunit
open Microsoft.Extensions.AI

[<Fact>]
let ``an --lm spec parses into scheme, model and endpoint`` () =
    let spec = LMSpec.Parse "openai:gpt-4o-mini@http://127.0.0.1:8000/v1"
    Assert.Equal("openai", spec.Scheme)
    Assert.Equal("gpt-4o-mini", spec.Model)
    Assert.Equal(Uri "http://127.0.0.1:8000/v1", spec.Endpoint)
    Assert.Equal("openai:gpt-4o-mini@http://127.0.0.1:8000/v1", string spec)

[<Fact>]
let ``a bad spec raises LMSpecFormatException listing the accepted forms`` () =
    let error = Assert.Throws<LMSpecFormatException>(fun () -> LMSpec.Parse "gpt-4o" |> ignore)
    Assert.Contains("ollama:MODEL[@URL]", error.Message)

[<Fact>]
let ``an F# function registers the simulated LM`` () =
    let simulated = ScriptedChatClient.RawInOrder [ "ok" ]
    let options = LMConnectOptions.Default.WithConnector("simulated", fun _ _ -> simulated :> IChatClient)
    use client = LMSpec.Connect("simulated", options)
    Assert.Same(simulated, client)

[<Fact>]
let ``options are built with property setters and an F# environment function`` () =
    let options = LMConnectOptions(GetEnvironmentVariable = (fun _ -> null), RequestTimeout = Nullable(TimeSpan.FromSeconds 5.0))
    use client = LMSpec.Connect("openai:llama3@http://127.0.0.1:8000/v1", options)
    Assert.Equal("llama3", client.GetService<ChatClientMetadata>().DefaultModelId)
    let error = Assert.Throws<LMConnectionException>(fun () -> LMSpec.Connect("openai:gpt-4o-mini", options) |> ignore)
    Assert.Contains("OPENAI_API_KEY", error.Message)

[<Fact>]
let ``the stripping middleware is added with the builder`` () = task {
    let provider = ScriptedChatClient.RawInOrder [ "ok" ]
    use client = ChatClientBuilder(provider).UseDspyOptionsStripping().Build()
    let options = ChatOptions(AdditionalProperties = AdditionalPropertiesDictionary())
    options.AdditionalProperties.[DspyChatOptions.RolloutIdKey] <- box "r-1"
    let! _ = client.GetResponseAsync("hi", options, TestContext.Current.CancellationToken)
    Assert.Null(provider.Requests.[0].Options.AdditionalProperties) }
