// Dspy.Fluent quick start: configure an LM, load data, a basic predictor, chain of thought over retrieved passages,
// the last prompt, and a small evaluation. Offline by default on the SimulatedLM; `--lm SPEC` for a real model.
using System.CommandLine;
using Dspy.Fluent;
using Microsoft.Extensions.AI;

// 0. The command line, read with System.CommandLine like the dspy tool: --help prints usage and exits 0; an unknown
// option or an LM spec that does not parse is a message on stderr and exit 2, never a stack trace.
var lmOption = new Option<string>("--lm")
{
    HelpName = "SPEC",
    Description = "The LM: simulated (an offline stand-in, not a model), openai:gpt-4o-mini, openai:MODEL@http://127.0.0.1:8000/v1, ollama:llama3.2, gguf:model.gguf.",
    DefaultValueFactory = _ => "simulated",
};
var command = new RootCommand("The Dspy.Fluent quick start: a predictor, chain of thought over retrieved passages, the last prompt, and a small evaluation.") { lmOption };
command.SetAction((parse, ct) => RunAsync(parse.GetValue(lmOption)!, ct));
var parsed = command.Parse(args);
if (parsed.Errors.Count > 0)
{
    // System.CommandLine reports parse errors as exit 1; 2 is what every example (and the dspy tool) uses for bad arguments.
    foreach (var error in parsed.Errors) Console.Error.WriteLine(error.Message);
    Console.Error.WriteLine("Run with --help for usage.");
    return 2;
}
return await parsed.InvokeAsync();

static async Task<int> RunAsync(string lmText, CancellationToken cancellationToken)
{
    // 1. Configure the LM. "simulated" is a deterministic stand-in that reads prompts; it is not a model.
    LMSpec spec;
    IChatClient lm;
    try
    {
        spec = LMSpec.Parse(lmText);
        lm = spec.CreateClient();
    }
    catch (Exception e) when (e is LMSpecFormatException or LMConnectionException)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }
    using var owned = lm;
    var simulated = lm.GetService<ChatClientMetadata>()?.ProviderName == SimulatedLM.ProviderName;
    using var scope = LMSettings.Use(lm);
    Console.WriteLine($"LM: {spec}{(simulated ? " (simulated: a deterministic stand-in, not a language model)" : "")}");

    // 2. Load data: a seeded synthetic world of fictional people, companies and places, so answers must be looked up.
    var world = SyntheticWorld.Generate(new SyntheticWorldOptions { Seed = 7, Questions = 40 });
    var devset = world.ToExamples();
    var example = devset[0];
    Console.WriteLine($"Data: synthetic world, seed 7, {devset.Count} questions, {world.Corpus.Count} passages\n");
    Console.WriteLine($"Question: {example["question"]}\nGold answer: {example["answer"]}\n");

    // 3. A basic predictor: a signature says what goes in and what comes out, never how to prompt.
    var qa = Predict.Create("qa", "question -> answer");
    var basic = await qa.RunAsync(example.Inputs(), cancellationToken);
    Console.WriteLine($"Predict(question -> answer): {basic["answer"]}");
    // Cold-start measurement (docs/performance.md, "Cold start"): the wall clock at the first prediction, for a harness that
    // noted the clock just before it started this process. Printed only when asked, so the tutorial's output stays the same.
    if (Environment.GetEnvironmentVariable("DSPY_PRINT_FIRST_PREDICTION_CLOCK") is "1")
        Console.WriteLine($"first-prediction-unix-us: {(DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10}");

    // 4. Chain of thought over retrieved passages, composed with LINQ.
    using var retriever = Bm25Retriever.Build(world.Corpus);
    var generateAnswer = Predict.ChainOfThought("generate_answer",
        Signature.Parse("context: list[str], question -> answer", "Answer questions with short factoid answers.")
            .WithFieldDescription("context", "may contain relevant facts")
            .WithFieldDescription("answer", "often between 1 and 5 words"));
    var rag =
        from q in Programs.Input<Example>()
        from passages in retriever.Search(q.GetText("question"), k: 3)
        from answer in generateAnswer.Call(Example.Create("context", passages.ToContext()).With("question", q["question"]))
        select answer;
    var outcome = await rag.TryRunAsync(example.Inputs(), cancellationToken);
    Console.WriteLine($"RAG + ChainOfThought: {outcome.Output?["answer"]}\n  reasoning: {outcome.Output?["reasoning"]}\n");

    // 5. The exact prompt the last call sent, and the reply.
    Console.WriteLine("The last LM call:");
    Console.WriteLine(outcome.History.Inspect(1, includeTimestamps: false));

    // 6. Evaluate the RAG program on 20 questions.
    var result = await Evaluate.RunAsync(rag, devset.Take(20), Metrics.ExactMatch, new EvaluateOptions { Concurrency = 8 }, cancellationToken);
    Console.WriteLine($"Exact match on 20 questions: {result.Score:P0} ({result.LM})");
    return 0;
}
