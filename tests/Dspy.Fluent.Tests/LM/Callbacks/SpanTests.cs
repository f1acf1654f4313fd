using System.Diagnostics;
using Microsoft.Extensions.AI;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Dspy.Fluent.Tests;

/// <summary>
/// The library's spans under OpenTelemetry's in-memory exporter. Tests in this assembly run in parallel and all emit on
/// <see cref="DspyTelemetry.SourceName"/>, so each test runs under a span of its own and keeps only its trace.
/// </summary>
public sealed class SpanTests
{
    private const string Canary = "canary-7d41f0e2b9";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class Answerer(Predictor<Example, Prediction> inner) : Program<Example, Prediction>
    {
        public override ProgramStructure Structure { get; } = ProgramStructure.Of(inner);

        protected internal override ValueTask<Prediction> RunCoreAsync(Example input, RunContext context, CancellationToken cancellationToken) =>
            context.RunAsync(inner, input, cancellationToken);
    }

    private static async Task<List<Activity>> TraceAsync(Func<Task> run, string chatSource)
    {
        var spans = new List<Activity>();
        using var testSource = new ActivitySource($"test-{Guid.NewGuid():N}");
        using (Sdk.CreateTracerProviderBuilder().AddSource(DspyTelemetry.SourceName, chatSource, testSource.Name).AddInMemoryExporter(spans).Build())
        {
            ActivityTraceId trace;
            using (var root = testSource.StartActivity("test")!)
            {
                trace = root.TraceId;
                await run();
            }
            return spans.Where(s => s.TraceId == trace && s.Source != testSource).ToList();
        }
    }

    [Fact]
    public async Task A_two_step_program_traces_run_then_module_then_predictor_then_the_LM_call()
    {
        var chatSource = $"chat-{Guid.NewGuid():N}";
        using var lm = new ChatClientBuilder(ScriptedChatClient.InOrder(Replies.Of(("query", "capital of France")), Replies.Of(("answer", "Paris"))))
            .UseDspyOpenTelemetry(sourceName: chatSource).Build();
        var rewrite = Predict.Create("rewrite", "question -> query");
        var answerer = new Answerer(Predict.Create("answer", "query -> answer"));
        var program =
            from q in Programs.Input<Example>()
            from r in rewrite.Call(q)
            from a in answerer.Call(Example.Create("query", r.GetText("query")))
            select a;

        var spans = await TraceAsync(() => program.RunAsync(Example.Create("question", "Where is Paris?"), new LMSettings { Client = lm, Model = "m1" }, Ct), chatSource);

        var byId = spans.ToDictionary(s => s.SpanId);
        string Path(Activity s) => byId.TryGetValue(s.ParentSpanId, out var parent) ? $"{Path(parent)} > {s.DisplayName}" : s.DisplayName;
        Assert.Equal(
        [
            "dspy.run program",
            "dspy.run program > dspy.predictor rewrite",
            "dspy.run program > dspy.predictor rewrite > dspy.adapter.format ChatAdapter",
            "dspy.run program > dspy.predictor rewrite > chat m1",
            "dspy.run program > dspy.predictor rewrite > dspy.adapter.parse ChatAdapter",
            "dspy.run program > dspy.module Answerer",
            "dspy.run program > dspy.module Answerer > dspy.predictor answer",
            "dspy.run program > dspy.module Answerer > dspy.predictor answer > dspy.adapter.format ChatAdapter",
            "dspy.run program > dspy.module Answerer > dspy.predictor answer > chat m1",
            "dspy.run program > dspy.module Answerer > dspy.predictor answer > dspy.adapter.parse ChatAdapter",
        ], spans.OrderBy(s => s.StartTimeUtc).ThenBy(s => Path(s).Length).Select(Path));
        var predictor = spans.Single(s => s.DisplayName == "dspy.predictor answer");
        Assert.Equal("answer", predictor.GetTagItem("dspy.predictor"));
        Assert.Equal("m1", predictor.GetTagItem("gen_ai.request.model"));
        Assert.True(predictor.GetTagItem("gen_ai.usage.input_tokens") is long and > 0);
        Assert.Null(predictor.GetTagItem("dspy.input")); // inputs are opt-in
    }

    [Fact]
    public async Task A_tool_call_is_an_execute_tool_span_under_the_ReAct_module()
    {
        var lm = ScriptedChatClient.InOrder(
            Replies.Of(("next_thought", "Add them."), ("next_tool_name", "add"), ("next_tool_args", "{\"a\": 2, \"b\": 3}")),
            Replies.Of(("next_thought", "Done."), ("next_tool_name", "finish"), ("next_tool_args", "{}")),
            Replies.Of(("reasoning", "2 + 3 = 5"), ("answer", "5")));
        var agent = new ReAct("agent", "question -> answer", [AIFunctionFactory.Create((int a, int b) => a + b, "add")]);

        var spans = await TraceAsync(() => agent.RunAsync(Example.Create("question", "What is 2 + 3?"), new LMSettings { Client = lm }, Ct), "none");

        var tool = spans.Single(s => s.DisplayName == "execute_tool add");
        Assert.Equal("execute_tool", tool.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("add", tool.GetTagItem("gen_ai.tool.name"));
        Assert.Equal("dspy.module ReAct", spans.Single(s => s.SpanId == tool.ParentSpanId).DisplayName);
    }

    [Fact]
    public async Task A_registered_secret_never_reaches_a_span_even_with_inputs_and_outputs_recorded()
    {
        var chatSource = $"chat-{Guid.NewGuid():N}";
        var redactor = new SecretRedactor().AddSecret(Canary);
        var replies = ScriptedChatClient.InOrder(Replies.Of(("answer", $"the key is {Canary}")));
        var failing = new FakeChatClient((_, _, _) => Task.FromException<ChatResponse>(new InvalidOperationException($"rejected key {Canary}")));
        var qa = Predict.Create("qa", "question -> answer");
        var input = Example.Create("question", $"What is {Canary}?");

        var spans = await TraceAsync(async () =>
        {
            using var ok = new ChatClientBuilder(replies).UseDspyOpenTelemetry(sourceName: chatSource).UseSecretRedactor(redactor).Build();
            using var bad = new ChatClientBuilder(failing).UseDspyOpenTelemetry(sourceName: chatSource).UseSecretRedactor(redactor).Build();
            await qa.RunAsync(input, new LMSettings { Client = ok, RecordInputsAndOutputs = true }, Ct);
            await qa.TryRunAsync(input, new LMSettings { Client = bad, RecordInputsAndOutputs = true }, Ct);
        }, chatSource);

        var text = string.Join("\n", spans.SelectMany(s => s.TagObjects.Select(t => $"{s.DisplayName} {t.Key}={t.Value}")
            .Concat(s.Events.SelectMany(e => e.Tags.Select(t => $"{s.DisplayName} {e.Name} {t.Key}={t.Value}")))
            .Append($"{s.DisplayName} status={s.StatusDescription}")));
        Assert.DoesNotContain(Canary, text, StringComparison.Ordinal);
        Assert.Contains("dspy.predictor qa dspy.input=", text, StringComparison.Ordinal);
        Assert.Contains($"What is {SecretRedactor.Mask}?", text, StringComparison.Ordinal);
        Assert.Contains($"dspy.output={{\"answer\": \"the key is {SecretRedactor.Mask}\"}}", text, StringComparison.Ordinal);
        Assert.Contains($"exception.message=rejected key {SecretRedactor.Mask}", text, StringComparison.Ordinal);
    }
}
