// Usage: Dspy.Fluent.TestHost <state.json> <first-dev-index> <count>
// Prints one line per dev question: the answer the loaded program gives on the simulated LM.
using Dspy.Fluent;
using Dspy.Fluent.TestHost;

var world = SampleRag.World();
using var retriever = Bm25Retriever.Build(world.Corpus);
var program = await SampleRag.Create(retriever).LoadStateAsync(args[0]);
var settings = new LMSettings { Client = new SimulatedLM() };
foreach (var example in world.ToExamples().Skip(int.Parse(args[1])).Take(int.Parse(args[2])))
{
    var prediction = await program.RunAsync(example.Inputs(), settings);
    Console.WriteLine(prediction.GetText("answer").ReplaceLineEndings(" "));
}
