using System.Net;
using System.Net.Http.Json;
using Dspy.Fluent.Examples.WebApi;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dspy.Fluent.Hosting.Tests;

/// <summary>examples/WebApi over HTTP: the compiled RAG program loaded at start-up answers POST /ask on the simulated LM.</summary>
public sealed class WebApiTests(CompiledRag rag) : IClassFixture<CompiledRag>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static WebApplicationFactory<Program> Service(string statePath) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Rag:State", statePath).UseSetting("Dspy:Lm", "simulated"));

    [Fact]
    public async Task Post_ask_answers_with_the_compiled_program_and_says_the_LM_is_a_stand_in()
    {
        await using var service = Service(rag.StatePath);
        using var http = service.CreateClient();

        using var response = await http.PostAsJsonAsync("/ask", new AskRequest(rag.Question), Ct);
        var body = await response.Content.ReadFromJsonAsync<AskResponse>(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // A question on which the compiled program and the uncompiled one answer differently: only a loaded state gives this answer.
        Assert.Equal(rag.CompiledAnswer, body!.Answer);
        Assert.NotEqual(rag.UncompiledAnswer, body.Answer);
        Assert.Equal("simulated", body.Lm);
        Assert.Contains("not a model", body.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ask_without_a_question_is_a_validation_problem()
    {
        await using var service = Service(rag.StatePath);
        using var http = service.CreateClient();

        using var response = await http.PostAsJsonAsync("/ask", new AskRequest(" "), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Ask a question.", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_service_does_not_start_on_a_saved_state_compiled_for_another_program()
    {
        using var folder = Hosts.TempFolder();
        var other = folder.File("other.json");
        await Predict.Create("generate_answer", "question -> answer").SaveAsync(other, Ct);
        await using var service = Service(other);

        var error = Assert.Throws<DspyProgramLoadException>(() => service.CreateClient());

        Assert.Equal("rag", error.ProgramName);
        Assert.Equal("generate_answer", error.Predictor);
        Assert.Contains("predictor 'generate_answer' was compiled for 'question -> answer' but the program's is 'context: list[str], question -> reasoning, answer'",
            error.Message, StringComparison.Ordinal);
    }
}

/// <summary>The example's RAG program compiled once (BootstrapFewShot on the simulated LM) to a temporary file, and a dev question it answers differently from the uncompiled program.</summary>
public sealed class CompiledRag : IAsyncLifetime
{
    private readonly TempFolder _folder = Hosts.TempFolder();

    public string StatePath => _folder.File("rag.compiled.json");

    public string Question { get; private set; } = "";

    public string CompiledAnswer { get; private set; } = "";

    public string UncompiledAnswer { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        using var lm = new SimulatedLM();
        var settings = new LMSettings { Client = lm };
        var world = RagProgram.World();
        using var retriever = Bm25Retriever.Build(world.Corpus);
        var compiled = await RagProgram.CompileAsync(retriever, lm, StatePath, ct);
        var uncompiled = RagProgram.Create(retriever);
        foreach (var example in world.ToExamples().Skip(40))
        {
            var withState = (await compiled.RunAsync(example.Inputs(), settings, ct)).GetText("answer");
            var without = (await uncompiled.RunAsync(example.Inputs(), settings, ct)).GetText("answer");
            if (withState == without) continue;
            (Question, CompiledAnswer, UncompiledAnswer) = (example.GetText("question"), withState, without);
            return;
        }
        throw new InvalidOperationException("No dev question is answered differently by the compiled and the uncompiled program; the test could not tell them apart.");
    }

    public ValueTask DisposeAsync()
    {
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }
}
