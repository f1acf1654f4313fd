module Dspy.Fluent.FSharp.Tests.DataTests

open System
open System.IO
open Dspy.Fluent
open Xunit

[<Fact>]
let ``a synthetic world gives examples whose answers are in their supporting passages`` () =
    let world = SyntheticWorld.Generate(SyntheticWorldOptions(Seed = 7, Questions = 50))

    let examples = world.ToExamples()

    Assert.Equal(50, examples.Count)
    Assert.Equal<string>([| "question" |], examples[0].InputKeys)
    for q in world.Questions |> Seq.filter (fun q -> q.Answer <> "yes" && q.Answer <> "no") do
        let texts = q.SupportingTitles |> Seq.map (fun title -> world.FindPassage(title).Text)
        Assert.Contains(texts, fun text -> text.Contains q.Answer)
    Assert.Equal(world.Passages.Count, world.Corpus.Count)

[<Fact>]
let ``a synthetic world splits into seeded train and dev sets`` () =
    let examples = SyntheticWorld.Generate(SyntheticWorldOptions(Seed = 3, Questions = 40)).ToExamples()

    let splits = Dataset.Split(examples, DatasetSplitOptions(Seed = 1, TrainSize = Nullable 30.0))

    Assert.Equal(30, splits.Train.Count)
    Assert.Equal(10, splits.Dev.Count)

[<Fact>]
let ``a JSON lines file loads and streams the way an F# user reads it`` () =
    task {
        let ct = TestContext.Current.CancellationToken
        let path = Path.Combine(Path.GetTempPath(), $"fsharp-{Guid.NewGuid():N}.jsonl")
        try
            let lines =
                [| """{"question": "Where was Marta Kovac born?", "answer": "Velmora"}"""
                   """{"question": "Who founded Stonegate Foods?"}""" |]
            do! File.WriteAllLinesAsync(path, lines, ct)
            let skipped = ResizeArray<BadRow>()
            let options =
                DataLoadOptions(InputKeys = [| "question" |], Fields = [| "question"; "answer" |], SkipBadRows = true, OnBadRow = Action<BadRow> skipped.Add)

            let! loaded = DataLoader.LoadJsonLinesAsync(path, options, ct)

            Assert.Equal("Velmora", (Seq.exactlyOne loaded.Examples).GetText "answer")
            Assert.Equal(1, loaded.SkippedCount)
            Assert.Equal($"{path}, line 2, field 'answer': the field is missing. Add 'answer' to this row, or leave it out of InputKeys and Fields if rows may lack it.",
                         loaded.Skipped[0].Message)
            Assert.Equal(1, skipped.Count)

            let rows = DataLoader.ReadJsonLinesAsync(path, options, ct).GetAsyncEnumerator(ct)
            let! hasFirst = rows.MoveNextAsync()
            Assert.True hasFirst
            Assert.Equal("Where was Marta Kovac born?", rows.Current.Get<string> "question")
            do! rows.DisposeAsync()
        finally
            File.Delete path
    }
