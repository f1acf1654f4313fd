using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Dspy.Fluent.Internal;
using Dspy.Fluent.Simulation;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// A deterministic stand-in for a language model, for offline tests and demos. It is <b>not</b> a model and its scores
/// are not a model's: it reads the prompt an adapter built and answers by simple extractive reading.
/// </summary>
/// <remarks>
/// <para>What it does, exactly (docs/simulated-lm.md has the full account):</para>
/// <list type="bullet">
/// <item>It recovers the input and output fields, instructions, demos and current inputs from the messages (ChatAdapter
/// or JsonAdapter format) and replies in the requested format.</item>
/// <item>Answers: it ranks context sentences by word overlap with the question and extracts a span of the kind the
/// question asks for (place, country, year, person, one of two named options, yes/no). Linking two facts (find the
/// entity the question's subject points to, then read that entity's passage) happens with a probability that a
/// <c>reasoning</c> output field raises sharply; otherwise it usually answers from the best-matching passage.</item>
/// <item>Style: without demos it often answers with a sentence instead of the span and sometimes breaks the output
/// format; demos are imitated (short answers, entity-carrying search queries); instructions with brevity, linking or
/// entity cues help, verbose or misleading ones hurt.</item>
/// <item>It proposes instructions (output fields named like <c>*instruction*</c>) from phrase banks and judges
/// (<c>recall</c>/<c>precision</c> outputs) by word overlap.</item>
/// <item>Same request (model, messages, rollout id, temperature) → same reply; a different rollout id or temperature
/// re-draws its choices. Token usage is counted from the text (4 characters a token).</item>
/// </list>
/// <para>It reports the provider name <c>simulated</c> in <see cref="ChatClientMetadata"/>; reports use that to label
/// results as simulated.</para>
/// </remarks>
/// <example>
/// <code>
/// IChatClient lm = new SimulatedLM();
/// using var scope = LMSettings.Use(lm);
/// var answer = await Predict.Create("qa", "context, question -> answer").RunAsync(example);
/// </code>
/// </example>
public sealed class SimulatedLM : IChatClient
{
    /// <summary>The provider name reported in <see cref="ChatClientMetadata"/>.</summary>
    public const string ProviderName = "simulated";

    /// <summary>What reports say about this client: it is not a language model.</summary>
    public static LMStandIn StandIn { get; } = new("a deterministic offline stand-in, not a language model; its scores say nothing about any model");

    /// <summary>The id of the base simulated model.</summary>
    public const string DefaultModel = "simulated-reader-1";

    private readonly SimulatedLMOptions _options;
    private readonly ConcurrentDictionary<string, SimulatedLMProfile> _models = new(StringComparer.Ordinal);

    /// <summary>Creates a simulated LM.</summary>
    /// <param name="options">Settings; defaults when null.</param>
    public SimulatedLM(SimulatedLMOptions? options = null)
    {
        _options = options ?? new SimulatedLMOptions();
        _models[_options.Model] = _options.Profile.Validate();
    }

    /// <summary>The model ids this instance answers as (the base model and any registered fine-tunes).</summary>
    public IReadOnlyCollection<string> Models => _models.Keys.ToArray();

    /// <summary>Registers another simulated model (e.g. the result of an offline fine-tune) under <paramref name="modelId"/>.</summary>
    /// <param name="modelId">The id requests select it by (<see cref="ChatOptions.ModelId"/>).</param>
    /// <param name="profile">Its habits.</param>
    public void AddModel(string modelId, SimulatedLMProfile profile)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentNullException.ThrowIfNull(profile);
        _models[modelId] = profile.Validate();
    }

    /// <summary>The habits of <paramref name="modelId"/>.</summary>
    /// <param name="modelId">A model id this instance knows.</param>
    /// <exception cref="KeyNotFoundException">The model is unknown.</exception>
    public SimulatedLMProfile ProfileOf(string modelId) =>
        _models.TryGetValue(modelId, out var p) ? p : throw UnknownModel(modelId);

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var model = options?.ModelId ?? _options.Model;
        var profile = _models.TryGetValue(model, out var p) ? p : throw UnknownModel(model);
        if (_options.Latency > TimeSpan.Zero)
            await Task.Delay(_options.Latency, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var (text, call) = Reply(list, options, model, profile);
        var input = list.Sum(m => Tokens(m.Text));
        var output = Tokens(text) + (call is null ? 0 : Tokens(call.Name + PythonJson.Serialize(call.Arguments)));
        var message = new ChatMessage(ChatRole.Assistant, text);
        if (call is not null) message.Contents.Add(call);
        return new ChatResponse(message)
        {
            ModelId = model,
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output },
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        // Stream line by line so incremental parsers see fields arrive one after another.
        var text = response.Text;
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            yield return new ChatResponseUpdate(ChatRole.Assistant, text[start..end]) { ModelId = response.ModelId };
            start = end;
        }
        yield return new ChatResponseUpdate { FinishReason = ChatFinishReason.Stop, ModelId = response.ModelId, Contents = [new UsageContent(response.Usage!)] };
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(ChatClientMetadata)) return new ChatClientMetadata(ProviderName, null, _options.Model);
        if (serviceType == typeof(LMStandIn)) return StandIn;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose() { }

    private static (string Text, FunctionCallContent? Call) Reply(IReadOnlyList<ChatMessage> messages, ChatOptions? options, string model, SimulatedLMProfile profile)
    {
        var prompt = PromptReader.Read(messages, options);
        var decisions = new Decisions(Seed(messages, options, model));
        var knobs = Knobs.For(prompt, profile);
        var system = messages.FirstOrDefault(m => m.Role == ChatRole.System)?.Text ?? "";
        if (prompt.OutputFields.Count == 0 && SubQuery.Answer(messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "", knobs, decisions) is { } answer)
            return (answer, null);
        if (prompt.OutputFields.Count == 0)
            return ("I am a simulated LM: I answer prompts built by Dspy.Fluent's adapters, and this one names no output fields.", null);
        if (NativeAgentTurn(prompt, options, knobs, decisions) is { } native) return native;
        var values = Responder.Respond(prompt, knobs, decisions, system);
        return (prompt.JsonMode ? WriteJson(prompt, values, decisions, knobs) : WriteChat(prompt, values, decisions, knobs), null);
    }

    /// <summary>
    /// A ReAct loop turn with native function calling: functions are offered (<c>ChatOptions.Tools</c>) and the prompt
    /// asks only for <c>next_thought</c>. The turn is planned as in text mode; the thought is the reply text and the
    /// chosen tool a <see cref="FunctionCallContent"/> with the bound arguments.
    /// </summary>
    private static (string Text, FunctionCallContent? Call)? NativeAgentTurn(ReadPrompt prompt, ChatOptions? options, Knobs knobs, Decisions decisions)
    {
        if (options?.Tools is not { Count: > 0 } offered || !prompt.HasOutput("next_thought") || prompt.HasOutput("next_tool_name")) return null;
        var turn = Responder.AgentTurn(prompt, knobs, decisions);
        var name = turn["next_tool_name"];
        if (!offered.OfType<AIFunctionDeclaration>().Any(f => f.Name == name)) return null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["next_thought"] = turn["next_thought"] };
        var text = prompt.JsonMode ? PythonJson.Serialize(values, indent: 2) : WriteChat(prompt, values, decisions, knobs);
        using var args = System.Text.Json.JsonDocument.Parse(turn["next_tool_args"]);
        var arguments = args.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        return (text, new FunctionCallContent($"call_{decisions.Pick("call-id", 1 << 30):x}", name, arguments));
    }

    private static string WriteChat(ReadPrompt prompt, Dictionary<string, string> values, Decisions decisions, Knobs knobs)
    {
        if (decisions.Chance("format-break", knobs.FormatBreaks))
        {
            // Habits of small models: forget the headers, or dress them up as markdown.
            return decisions.Pick("break-style", 2) == 0
                ? string.Join("\n\n", prompt.OutputFields.Select(f => $"{Naming.InferPrefix(f.Name)} {values[f.Name]}"))
                : string.Join("\n", prompt.OutputFields.Select(f => $"**{f.Name}**: {values[f.Name]}"));
        }
        var sb = new StringBuilder();
        foreach (var f in prompt.OutputFields) sb.Append("[[ ## ").Append(f.Name).Append(" ## ]]\n").Append(values[f.Name]).Append("\n\n");
        return sb.Append("[[ ## completed ## ]]").ToString();
    }

    private static string WriteJson(ReadPrompt prompt, Dictionary<string, string> values, Decisions decisions, Knobs knobs)
    {
        // JSON mode is easier to follow; a quarter of the habitual breaks survive it.
        if (decisions.Chance("json-break", knobs.FormatBreaks / 4))
            return values[prompt.OutputFields[^1].Name];
        var map = new OrderedDictionary<string, object?>();
        foreach (var f in prompt.OutputFields) map[f.Name] = JsonValue(values[f.Name], f.Type);
        return PythonJson.Serialize(map, indent: 2);
    }

    private static object? JsonValue(string text, string type)
    {
        if (type is "int" or "float" && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return type == "int" ? (object)(long)d : d;
        if (type == "bool") return text == "True";
        if ((type.StartsWith("list[", StringComparison.Ordinal) || type.StartsWith("dict[", StringComparison.Ordinal)) &&
            System.Text.Json.JsonDocument.Parse(text) is var doc)
            return doc.RootElement.Clone();
        return text;
    }

    private static ulong Seed(IReadOnlyList<ChatMessage> messages, ChatOptions? options, string model)
    {
        var h = Decisions.Fnv(0, model);
        foreach (var m in messages)
        {
            h = Decisions.Fnv(h, m.Role.Value);
            h = Decisions.Fnv(h, m.Text);
        }
        h = Decisions.Fnv(h, DspyChatOptions.GetRolloutId(options) ?? "");
        if (options?.Temperature is { } t && t > 0f) h = Decisions.Fnv(h, t.ToString("R", CultureInfo.InvariantCulture));
        return h;
    }

    private static int Tokens(string text) => (text.Length + 3) / 4;

    private KeyNotFoundException UnknownModel(string model) =>
        new($"The simulated LM has no model '{model}'. Known: {string.Join(", ", _models.Keys)}. Register fine-tuned models with AddModel.");
}
