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
