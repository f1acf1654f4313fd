// Dspy.Fluent from F#: two predictors and a retrieval composed with the program { } computation expression, run
// offline on SimulatedLM. SimulatedLM is a deterministic stand-in that reads prompts; it is not a language model.
open System
open System.ComponentModel
open System.Threading.Tasks
open Dspy.Fluent
open Dspy.Fluent.FSharp

// Signatures are records: fields become snake_case signature fields, [<Description>] becomes the instructions.
[<Description("Write a search query that finds the passage the question needs.")>]
type GenerateQuery = { Question: string }

type SearchQuery = { Query: string }

[<Description("Answer questions with short factoid answers.")>]
type GenerateAnswer = { Context: string list; Question: string }

type Answer = { Answer: string }

let generateQuery = Predict.create<GenerateQuery, SearchQuery> "generate_query"
let generateAnswer = Predict.chainOfThought<GenerateAnswer, Answer> "generate_answer"

/// A small corpus of fictional facts, so nothing can be answered from memory.
let corpus =
    [ "Orvale Press | Orvale Press is a publisher founded by Mira Tansel in 1931 in the town of Quillby."
      "Mira Tansel | Mira Tansel was a printer and engraver born in Hesk."
      "Quillby | Quillby is a river town known for its paper mills."
      "Hesk | Hesk is a fishing village on the northern coast." ]
    |> List.map (fun p -> Passage.Parse p)

/// A retriever written in F#: ranks passages by the words they share with the query.
let retriever =
    let words (text: string) =
        text.ToLowerInvariant().Split([| ' '; '.'; ','; '?'; '|' |], StringSplitOptions.RemoveEmptyEntries) |> Set.ofArray
    { new IRetriever with
        member _.Name = "keyword_search"
        member _.SearchAsync(query, k, _) =
            let wanted = words query
            corpus
            |> List.sortByDescending (fun p -> Set.count (Set.intersect wanted (words (string p))))
            |> List.truncate k
            |> fun best -> Task.FromResult(best :> Collections.Generic.IReadOnlyList<Passage>) }

/// The program: a value composed once; nothing is sent to an LM until it runs. Its predictors are known now.
let rag : Program<string, string> =
    program {
        let! question = Program.input
        let! query = generateQuery.Call { Question = question }
        let! passages = retriever.Search(query.Query, 2)
        let! answer = generateAnswer.Call { Context = List.ofSeq (passages.ToContext()); Question = question }
        return answer.Answer
    }

/// One demo for generate_answer, as an optimizer would pick it: learned state is a value applied to the program.
let demo =
    Example.Create("context", [| "Quillby | Quillby is a river town known for its paper mills." |])
        .With("question", "Which town is known for its paper mills?")
        .With("reasoning", "The passage on Quillby says it is known for its paper mills.")
        .With("answer", "Quillby")

[<EntryPoint>]
let main args =
    use lm = new SimulatedLM()
    printfn "LM: simulated (SimulatedLM: an offline, deterministic stand-in that reads prompts, not a language model)"
    printfn "Predictors, known before any run: %s\n" (rag.Predictors |> Seq.map (fun p -> p.Name.Value) |> String.concat ", ")

    let question = if args.Length > 0 then String.Join(" ", args) else "Where was Mira Tansel born?"
    let outcome = rag.TryRunAsync(question, LMSettings(Client = lm)).GetAwaiter().GetResult()
    match outcome.Error with
    | null -> ()
    | error -> raise error
    printfn "Question: %s" question
    printfn "Answer: %s (simulated)" outcome.Output
    printfn "Steps: %s\n" (outcome.Trace |> Seq.map (fun t -> $"{t.Name} ({t.Kind})") |> String.concat " -> ")
    printfn "The last LM call, the exact prompt it sent and the reply:"
    printfn "%s" (outcome.History.Inspect(1, includeTimestamps = false))

    let withDemo = rag |> Program.withState (ProgramState.Empty.With("generate_answer", PredictorState(Demos = [| demo |])))
    let answer = withDemo |> Program.runWith (LMSettings(Client = lm)) question |> Async.RunSynchronously
    printfn "Answer with one demo for generate_answer: %s (simulated)" answer
    0
