module Dspy.Fluent.FSharp.Tests.RetrievalTests

open System.Collections.Generic
open System.Threading
open System.Threading.Tasks
open Microsoft.Extensions.VectorData
open Dspy.Fluent
open Xunit

let private corpus =
    [ "Orvale Press | Orvale Press is a publishing house founded by Mira Tansel in Quillby."
      "Mira Tansel | Mira Tansel was a printer born in Harrowmere."
      "Quillby | Quillby is a fishing port known for its lighthouse."
      "Harrowmere | Harrowmere is a market town famous for wool weaving." ]

let private ct () = TestContext.Current.CancellationToken

[<Fact>]
let ``A BM25 index built from F# finds the passage that answers the question`` () : Task =
    task {
        use retriever = Bm25Retriever.Build(corpus)

        let! passages = retriever.SearchAsync("Who founded Orvale Press?", 2, ct ())

        Assert.Equal("Orvale Press", passages[0].Title)
        Assert.Equal(corpus[0], passages[0].ToString())
    }

[<Fact>]
let ``BM25 options and passages read naturally from F#`` () : Task =
    task {
        let options = Bm25RetrieverOptions(Name = "wiki", K1 = 1.5f)
        use retriever = Bm25Retriever.Build(corpus |> Seq.map (fun s -> Passage.Parse s), options)

        let! passages = retriever.SearchAsync("wool weaving town", 1, ct ())

        Assert.Equal("wiki", retriever.Name)
        Assert.Equal<string list>([ "Harrowmere | Harrowmere is a market town famous for wool weaving." ], passages.ToContext() |> List.ofSeq)
    }

[<Fact>]
let ``A search step inside an F# program records its trace entry`` () : Task =
    task {
        use retriever = Bm25Retriever.Build(corpus)
        let program =
            Programs.Input<string>()
                .Bind(fun q -> retriever.Search(q, 2))
                .Map(fun passages -> passages.ToContext())

        let! outcome = program.TryRunAsync("Where was Mira Tansel born?", ct ())

        let entry = Assert.Single(outcome.Trace)
        Assert.Equal("Retrieve", entry.Kind)
        Assert.Equal("Mira Tansel | Mira Tansel was a printer born in Harrowmere.", outcome.Output[0])
    }

[<Fact>]
let ``An embedding retriever over hashed n-grams works from F#`` () : Task =
    task {
        use embedder = new HashingEmbeddingGenerator(HashingEmbeddingOptions(Dimensions = 256))
        let! retriever = EmbeddingRetriever.BuildAsync(embedder, corpus, cancellationToken = ct ())

        let! passages = retriever.SearchAsync("Quillby fishing port lighthouse", 1, ct ())

        Assert.Equal("Quillby", passages[0].Title)
        Assert.Equal<string list>([ "b"; "a" ], [ "b"; "a"; "b" ] |> PassageExtensions.Deduplicate |> List.ofSeq)
    }

type WikiRow = { Heading: string; Body: string }

/// A vector store stand-in: returns fixed results and remembers what it was asked to search with.
type private FixedSearchable(results: VectorSearchResult<WikiRow>[]) =
    member val Received = ResizeArray<obj>()
    interface IVectorSearchable<WikiRow> with
        member this.SearchAsync<'TInput>(value: 'TInput, top: int, _options: VectorSearchOptions<WikiRow>, _ct: CancellationToken) =
            this.Received.Add(box value)
            let items = results |> Array.truncate top
            { new IAsyncEnumerable<VectorSearchResult<WikiRow>> with
                member _.GetAsyncEnumerator(_ct) =
                    let index = ref -1
                    { new IAsyncEnumerator<VectorSearchResult<WikiRow>> with
                        member _.Current = items[index.Value]
                        member _.MoveNextAsync() =
                            index.Value <- index.Value + 1
                            ValueTask<bool>(index.Value < items.Length)
                        member _.DisposeAsync() = ValueTask() } }
        member _.GetService(_serviceType: System.Type, _serviceKey: obj) = null

[<Fact>]
let ``A vector store collection plugs in from F# with selector functions`` () : Task =
    task {
        let store =
            FixedSearchable(
                [| VectorSearchResult({ Heading = "Quillby"; Body = "A fishing port." }, System.Nullable 0.9)
                   VectorSearchResult({ Heading = "Morrowby"; Body = "An island." }, System.Nullable 0.4) |])
        let retriever = VectorStoreRetriever<WikiRow>(store, (fun r -> r.Heading), (fun r -> r.Body))

        let! passages = retriever.SearchAsync("by the sea", 1, ct ())

        Assert.Equal("Quillby | A fishing port.", passages[0].ToString())
        Assert.Equal(0.9, passages[0].Score)
        Assert.Equal<obj list>([ box "by the sea" ], store.Received |> List.ofSeq)
    }
