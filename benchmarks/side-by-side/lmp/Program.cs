// Side-by-side driver for LMP (github.com/luisquintanilla/lmp-dotnet), written for Dspy.Fluent's benchmarks/side-by-side.sh.
// The same workloads as shared/peers/dspy/bench_dspy.py where LMP's API allows:
//   overhead                      ChainOfThought<QaInput, QaOutput>.PredictAsync on an in-process fake IChatClient
//                                 (50 warm-up, N timed sequential calls; µs and bytes per call)
//   eval --endpoint URL ...       LMP's Evaluator over examples 0..N-1 at --threads C, against an OpenAI-compatible server
//   compile --endpoint URL ...    LMP's BootstrapFewShot(maxDemos: 4) on the first --train examples
// One JSON object on stdout. LMP asks for structured JSON output (its ChainOfThought: {"reasoning", "result": {...}}),
// not DSPy's [[ ## field ## ]] format; the loopback server's capitals backend answers both.
using System.ClientModel;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LMP;
using LMP.Optimizers;
using Microsoft.Extensions.AI;
using OpenAI;

namespace LmpSideBySide;

public record QaInput([property: Description("The question")] string Question);

[LmpSignature("Answer the question concisely")]
public partial record QaOutput
{
    [Description("Short answer")]
    public required string Answer { get; init; }
}

[LmpSignature("Write a search query for the question")]
public partial record QueryOutput
{
    [Description("A search query")]
    public required string Query { get; init; }
}

public record AnswerInput([property: Description("Context")] string Context, [property: Description("The question")] string Question);

public partial class CotModule : LmpModule<QaInput, QaOutput>
{
    // LMP's BootstrapFewShot only fills demos when the predictor's Name equals its field key ("cot").
    private readonly ChainOfThought<QaInput, QaOutput> _cot;
    public CotModule(IChatClient client) { _cot = new ChainOfThought<QaInput, QaOutput>(client) { Name = "cot" }; }
    public override Task<QaOutput> ForwardAsync(QaInput input, CancellationToken ct = default)
        => _cot.PredictAsync(input, trace: Trace, cancellationToken: ct);
}

public partial class TwoStepModule : LmpModule<QaInput, QaOutput>
{
    private readonly ChainOfThought<QaInput, QueryOutput> _query;
    private readonly ChainOfThought<AnswerInput, QaOutput> _answer;
    public TwoStepModule(IChatClient client)
    {
        _query = new ChainOfThought<QaInput, QueryOutput>(client) { Name = "query" };
        _answer = new ChainOfThought<AnswerInput, QaOutput>(client) { Name = "answer" };
    }
    public override async Task<QaOutput> ForwardAsync(QaInput input, CancellationToken ct = default)
    {
        var query = await _query.PredictAsync(input, trace: Trace, cancellationToken: ct);
        return await _answer.PredictAsync(new AnswerInput(query.Query, input.Question), trace: Trace, cancellationToken: ct);
    }
}

/// <summary>Fixed reply, synchronous completion (as LMP's own overhead bench).</summary>
public sealed class FakeChatClient(Func<int, string> reply) : IChatClient
{
    public int Calls;
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply(Calls++))));
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => throw new NotSupportedException();
    public object? GetService(Type serviceType, object? serviceKey = null) => null;
    public void Dispose() { }
}

/// <summary>Counts successful LM round trips.</summary>
public sealed class CountingChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public int Calls;
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        Interlocked.Increment(ref Calls);
        return response;
    }
}

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "";
        string Arg(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var result = new Dictionary<string, object?> { ["peer"] = "lmp", ["commit"] = "f4823a391decf3698ca8012f1e0ccfc2edab7b47", ["mode"] = mode };
        switch (mode)
        {
            case "overhead": await OverheadAsync(int.Parse(Arg("--calls", "2000"), CultureInfo.InvariantCulture), result); break;
            case "eval":
            case "compile":
                await HttpAsync(mode, new Uri(Arg("--endpoint", "http://127.0.0.1:8765/v1")), Arg("--program", "cot"),
                    int.Parse(Arg("--n", "200"), CultureInfo.InvariantCulture), int.Parse(Arg("--threads", "16"), CultureInfo.InvariantCulture),
                    int.Parse(Arg("--train", "20"), CultureInfo.InvariantCulture), double.Parse(Arg("--assume-latency-ms", "0"), CultureInfo.InvariantCulture), result);
                break;
            default:
                Console.Error.WriteLine("usage: overhead [--calls N] | eval|compile --endpoint URL [--program cot|two_step] [--n N] [--threads C] [--train T] [--assume-latency-ms L]");
                return 2;
        }
        using var self = Process.GetCurrentProcess();
        result["peak_rss_mb"] = Math.Round(self.PeakWorkingSet64 / 1048576.0, 1);
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    static string Question(int i) => $"What is the capital of Country{i}?";

    static async Task OverheadAsync(int calls, Dictionary<string, object?> result)
    {
        var client = new FakeChatClient(i =>
            "{\"reasoning\":\"Country" + i + " is a synthetic country in this benchmark. Its capital city is City" + i + ".\",\"result\":{\"answer\":\"City" + i + "\"}}");
        var cot = new ChainOfThought<QaInput, QaOutput>(client);
        var inputs = Enumerable.Range(0, calls).Select(i => new QaInput(Question(i))).ToArray();
        for (var i = 0; i < 50; i++) await cot.PredictAsync(inputs[i % calls]);
        client.Calls = 0;
        var perCall = new double[calls];
        var correct = 0;
        var bytes0 = GC.GetAllocatedBytesForCurrentThread();
        var total = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var output = await cot.PredictAsync(inputs[i]);
            perCall[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
            if (output.Answer == $"City{i}") correct++;
        }
        var wall = total.Elapsed.TotalSeconds;
        var bytes = (GC.GetAllocatedBytesForCurrentThread() - bytes0) / (double)calls;
        Array.Sort(perCall);
        result["calls"] = calls;
        result["correct"] = correct;
        result["program_call_us_mean"] = wall * 1e6 / calls;
        result["program_call_us_p50"] = perCall[calls / 2];
        result["program_call_us_p99"] = perCall[(int)(calls * 0.99)];
        result["program_call_bytes"] = bytes;
        result["overhead_note"] = "ChainOfThought<QaInput,QaOutput>.PredictAsync, in-process fake IChatClient (canned JSON reply), sequential";
    }

    static async Task HttpAsync(string mode, Uri endpoint, string program, int n, int threads, int train, double latencyMs, Dictionary<string, object?> result)
    {
        var provider = new OpenAIClient(new ApiKeyCredential("dummy-key"), new OpenAIClientOptions { Endpoint = endpoint })
            .GetChatClient("bench").AsIChatClient();
        var client = new CountingChatClient(provider);
        LmpModule<QaInput, QaOutput> Make() => program == "cot" ? new CotModule(client) : new TwoStepModule(client);
        var steps = program == "cot" ? 1 : 2;
        await Make().ForwardAsync(new QaInput(Question(999_999))); // one untimed warm-up call, as the other peers
        client.Calls = 0;
        static float Metric(Example example, object output) => ((QaOutput)output).Answer.Trim() == (string)example.GetLabel() ? 1f : 0f;
        result["program"] = program;
        if (mode == "eval")
        {
            var devset = Enumerable.Range(0, n).Select(i => (Example)new Example<QaInput, string>(new QaInput(Question(i)), $"City{i}")).ToList();
            var module = Make();
            var clock = Stopwatch.StartNew();
            var evaluation = await Evaluator.EvaluateAsync(module, devset, Metric, maxConcurrency: threads);
            var wall = clock.Elapsed.TotalSeconds;
            result["n"] = n;
            result["threads"] = threads;
            result["wall_s"] = wall;
            result["lm_calls"] = client.Calls;
            result["expected_lm_calls"] = n * steps;
            result["correct"] = evaluation.PerExample.Count(r => r.Score >= 1);
            result["evaluated"] = evaluation.Count;
            if (latencyMs > 0)
            {
                var limit = client.Calls * latencyMs / 1000 / threads;
                result["limit_s"] = limit;
                result["wall_over_limit"] = wall / limit;
            }
        }
        else
        {
            var trainset = Enumerable.Range(0, train).Select(i => (Example)new Example<QaInput, string>(new QaInput(Question(i)), $"City{i}")).ToList();
            var module = Make();
            var clock = Stopwatch.StartNew();
            var compiled = await new BootstrapFewShot(maxDemos: 4).CompileAsync(module, trainset, Metric);
            var wall = clock.Elapsed.TotalSeconds;
            result["train"] = train;
            result["wall_s"] = wall;
            result["lm_calls"] = client.Calls;
            result["demos_per_predictor"] = compiled.GetPredictors().ToDictionary(p => p.Name, p => p.Predictor.Demos.Count);
            result["sequential"] = true;
            if (latencyMs > 0)
            {
                var limit = client.Calls * latencyMs / 1000;
                result["limit_s"] = limit;
                result["wall_over_limit"] = wall / limit;
            }
        }
        result["calls_per_s"] = client.Calls / (double)result["wall_s"]!;
    }
}
