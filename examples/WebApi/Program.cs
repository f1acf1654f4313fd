// A minimal API that answers questions with a compiled RAG program, loaded at start-up through AddDspy + AddDspyProgram.
//   dotnet run --project examples/WebApi -- compile          # writes rag.compiled.json (BootstrapFewShot on the simulated LM)
//                                                            # (--Rag:State=PATH for another file, when compiling and serving)
//   dotnet run --project examples/WebApi                     # serves POST /ask on the simulated LM
//   curl -s localhost:5000/ask -H 'content-type: application/json' -d '{"question":"..."}'
using Dspy.Fluent;
using Dspy.Fluent.Examples.WebApi;
using Microsoft.Extensions.Options;

var compile = args.Length > 0 && args[0] == "compile";
var builder = WebApplication.CreateBuilder(compile ? args[1..] : args);
// Relative to the content root, the same for `compile` and for serving, wherever `dotnet run` is started from.
var statePath = Path.GetFullPath(builder.Configuration["Rag:State"] ?? "rag.compiled.json", builder.Environment.ContentRootPath);

if (compile)
{
    using var lm = new SimulatedLM();
    using var retriever = Bm25Retriever.Build(RagProgram.World().Corpus);
    var compiled = await RagProgram.CompileAsync(retriever, lm, statePath);
    Console.WriteLine($"Compiled on the simulated LM (a deterministic stand-in, not a model) and saved to {statePath}: " +
                      $"{compiled.State.Find("generate_answer")?.Demos.Count ?? 0} demos.");
    return 0;
}

if (!File.Exists(statePath))
{
    Console.Error.WriteLine($"No compiled program at {statePath}. Compile it first: dotnet run --project examples/WebApi -- compile");
    return 2;
}
// The world's corpus, indexed once; the container disposes the index when the service stops.
builder.Services.AddSingleton(_ => Bm25Retriever.Build(RagProgram.World().Corpus));
builder.Services.AddDspy();
// Start-up (app.Run) fails with the predictor-level problems if the file does not fit RagProgram.Create's program.
builder.Services.AddDspyProgram("rag", statePath, sp => RagProgram.Create(sp.GetRequiredService<Bm25Retriever>()));

var app = builder.Build();

app.MapPost("/ask", async (AskRequest request, DspyProgram<Example, Prediction> rag, IOptions<DspyOptions> dspy, CancellationToken ct) =>
{
    if (string.IsNullOrWhiteSpace(request.Question))
        return Results.ValidationProblem(new Dictionary<string, string[]> { ["question"] = ["Ask a question."] });
    var prediction = await rag.RunAsync(Example.Create("question", request.Question), ct);
    var lm = dspy.Value.Lm ?? "the registered IChatClient";
    var note = lm == "simulated"
        ? "The simulated LM is a deterministic offline stand-in, not a model: it reads the retrieved passages with fixed rules, so answers say nothing about any model's quality."
        : null;
    return Results.Ok(new AskResponse(prediction.GetText("answer"), lm, note));
});

await app.RunAsync();
return 0;

/// <summary>The service's entry point, public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
