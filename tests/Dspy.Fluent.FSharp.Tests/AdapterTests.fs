module Dspy.Fluent.FSharp.Tests.AdapterTests

open System.Collections.Generic
open Dspy.Fluent
open Xunit

/// An F# record as a structured output: the XML adapter writes and reads it as nested tags.
type City = { Name: string; Population: int64 }

[<Fact>]
let ``an F# predictor on the XML adapter asks for XML and reads a list of records back`` () =
    task {
        let signature = Signature.Parse("country -> cities: list[City]", types = [ typeof<City> ])
        let adapter = XmlAdapter.Default
        let reply =
            adapter.FormatReply(
                signature,
                readOnlyDict [ "cities", box [ { Name = "Lyon & Co"; Population = 522_000L }; { Name = "Nice"; Population = 342_000L } ] ])
        let lm = ScriptedChatClient.RawInOrder [ reply ]
        let predictor = Predict.Create("cities", signature)

        let! prediction = predictor.RunAsync(Example.Create("country", "France"), LMSettings(Client = lm, Adapter = adapter), TestContext.Current.CancellationToken)

        let cities = prediction.Get<IReadOnlyList<City>> "cities"
        Assert.Equal<City list>([ { Name = "Lyon & Co"; Population = 522_000L }; { Name = "Nice"; Population = 342_000L } ], List.ofSeq cities)
        Assert.Contains("<cities><item><name>Lyon &amp; Co</name><population>522000</population></item>", reply)
        Assert.EndsWith("Use this nested XML structure: <cities><item><name>...</name><population>...</population></item></cities>", lm.Requests[0].Messages[1].Text)
    }

[<Fact>]
let ``a malformed XML reply fails with the line, the column and the fix`` () =
    let signature = Signature.Parse "question -> answer"

    let error = Assert.Throws<AdapterParseException>(fun () -> XmlAdapter(useJsonFallback = false).Parse(signature, "<answer>3 < 4</answer>") |> ignore)

    Assert.Equal(ParseFailure.Malformed, error.Failure)
    Assert.Equal("malformed XML at line 1, column 11: '<' does not start a tag; write &lt; for a literal '<'", error.Detail)

[<Fact>]
let ``an F# object expression is an adapter that streams through its own reader`` () =
    task {
        // Replies are 'field=value'; the reader hands out everything after the '='.
        let reader () =
            let mutable seen = false
            { new IFieldStreamReader with
                member _.Read text =
                    let start = if seen then 0 else text.IndexOf '=' + 1
                    if start > 0 then seen <- true
                    if seen && start < text.Length then [| FieldChunk("answer", text.Substring start) |] else [||]
                member _.Complete() = [||] }
        let adapter =
            { new IAdapter with
                member _.Name = "EqualsAdapter"
                member _.Fallback = null
                member _.Format(signature, _, inputs) = [| Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.User, string inputs["question"]) |]
                member _.ConfigureOptions(_, options) = options
                member _.Parse(_, reply) = Prediction([ KeyValuePair("answer", box (reply.Substring(reply.IndexOf '=' + 1))) ])
                member _.FormatReply(_, outputs) = "answer=" + string outputs["answer"]
                member _.CreateStreamReader _ = reader () }
        let lm = ScriptedChatClient.RawInOrder [ "answer=four" ]
        let qa = Predict.Create("qa", "question -> answer")

        let deltas = ResizeArray<string>()
        let stream = qa.StreamAsync(Example.Create("question", "2 + 2?"), LMSettings(Client = lm, Adapter = adapter), TestContext.Current.CancellationToken)
        let e = stream.GetAsyncEnumerator()
        let mutable final = null
        let mutable go = true
        while go do
            let! more = e.MoveNextAsync()
            if not more then go <- false
            elif e.Current.IsFinal then final <- e.Current.Output
            elif e.Current.Delta.Length > 0 then deltas.Add e.Current.Delta

        Assert.Equal("four", String.concat "" deltas)
        Assert.Equal("four", final.GetText "answer")
    }

[<Fact>]
let ``an F# predictor reads a Code field without its fence`` () =
    task {
        let lm = ScriptedChatClient.RawInOrder [ "[[ ## code ## ]]\n```fsharp\nlet twice x = 2 * x\n```\n\n[[ ## completed ## ]]" ]
        let generate = Predict.Create("generate", Signature.Parse "question -> code: Code['fsharp']")

        let! result = generate.RunAsync(Example.Create("question", "Double x."), LMSettings(Client = lm), TestContext.Current.CancellationToken)

        Assert.Equal(Code "let twice x = 2 * x", result.Get<Code> "code")
        Assert.Contains("Programming language: fsharp", lm.Requests[0].Messages[0].Text)
    }

[<Fact>]
let ``an F# predictor sends an audio clip and an uploaded file as their own message parts`` () =
    task {
        let lm = ScriptedChatClient.InOrder [ readOnlyDict [ "answer", box "yes" ] ]
        let ask = Predict.Create("ask", "clip: Audio, document: File -> answer")
        let clip = Audio.FromBytes("RIFF"B, "wav")
        let input = Example.Create("clip", clip).With("document", FileInput.FromFileId("file-abc123", "notes.txt"))

        let! prediction = ask.RunAsync(input, LMSettings(Client = lm), TestContext.Current.CancellationToken)

        let parts = lm.Requests[0].Messages[1].Contents
        Assert.Equal("yes", prediction.GetText "answer")
        Assert.Equal("audio/wav", (parts[1] :?> Microsoft.Extensions.AI.DataContent).MediaType)
        Assert.Equal("file-abc123", (parts[3] :?> Microsoft.Extensions.AI.HostedFileContent).FileId)
    }

[<Fact>]
let ``an F# predictor sends an F# list of documents as parts and reads the citations back`` () =
    task {
        let reply =
            "[[ ## answer ## ]]\nBlue.\n\n[[ ## citations ## ]]\n"
            + """[{"cited_text": "air scatters light", "document_index": 0, "start_char_index": 16, "end_char_index": 34, "document_title": "Optics"}]"""
            + "\n\n[[ ## completed ## ]]"
        let lm = ScriptedChatClient.RawInOrder [ reply ]
        let qa = Predict.Create("qa", Signature.Parse "documents: list[Document], question -> answer, citations: Citations")
        let docs = [ Document("The sky is blue: air scatters light.", Title = "Optics"); Document("Grass is green.") ]
        let inputs = Example([ KeyValuePair("documents", box docs); KeyValuePair("question", box "Why blue?") ])

        let! result = qa.RunAsync(inputs, LMSettings(Client = lm), TestContext.Current.CancellationToken)

        let parts = lm.Requests[0].Messages |> Seq.last |> fun m -> m.Contents |> Seq.choose (function :? Microsoft.Extensions.AI.DataContent as d -> Some d.Name | _ -> None) |> List.ofSeq
        Assert.Equal<string list>([ "Optics"; null ], parts)
        let citations = result.Get<Citations> "citations"
        Assert.Equal(Citation("air scatters light", 0, 16, 34, DocumentTitle = "Optics"), Seq.exactlyOne citations)
    }
