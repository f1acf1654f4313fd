using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>Small devsets and LMs for evaluation tests.</summary>
internal static class EvaluationFakes
{
    public static readonly Predictor<Example, Prediction> Qa = Predict.Create("qa", "question -> answer");

    /// <summary>Examples "q0".."q{n-1}" whose answer is what <see cref="EchoLM"/> replies: "A(qi)".</summary>
    public static Example[] Devset(int count) =>
        Enumerable.Range(0, count).Select(i => Example.Create("question", $"q{i}").With("answer", $"A(q{i})").WithInputs("question")).ToArray();

    /// <summary>Answers "A(question)"; throws for the questions <paramref name="fails"/> picks (deterministic by input).</summary>
    public static ScriptedChatClient EchoLM(Func<string, bool>? fails = null) => ScriptedChatClient.Answering(messages =>
    {
        var question = ScriptedChatClient.InputOf(messages, "question") ?? "";
        if (fails?.Invoke(question) == true) throw new InvalidOperationException($"The LM refused '{question}'.");
        return new Dictionary<string, object?> { ["answer"] = $"A({question})" };
    });

    /// <summary>The number in "q17".</summary>
    public static int Number(string question) => int.Parse(question[1..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A client that reports other metadata, or marks replies as cache hits, around an inner one.</summary>
    public sealed class ReportingClient(IChatClient inner, string provider, string? model = null, bool cacheHits = false) : DelegatingChatClient(inner)
    {
        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken);
            if (cacheHits)
            {
                response.AdditionalProperties ??= [];
                response.AdditionalProperties[DspyChatOptions.CacheHitKey] = true;
            }
            return response;
        }

        public override object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType == typeof(ChatClientMetadata)
            ? new ChatClientMetadata(provider, null, model)
            : serviceKey is null && serviceType == typeof(LMStandIn) && provider == SimulatedLM.ProviderName ? SimulatedLM.StandIn : base.GetService(serviceType, serviceKey);
    }
}
