using System.Runtime.CompilerServices;
using System.Text;
using Dspy.Fluent.Internal;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Two stages: the main LM gets a plain, natural prompt (no field markers) and answers in its own words, then a
/// second, usually smaller, extraction model reads the fields out of that answer through <see cref="ChatAdapter"/>.
/// Byte-for-byte the prompts DSPy's <c>TwoStepAdapter</c> builds, for both stages.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.TwoStepAdapter(extraction_model)</c>. Meant for reasoning models that write good
/// answers but follow output formats poorly. Each predictor call makes two LM calls, both recorded in the history
/// (the extraction under the same predictor name, adapter <c>ChatAdapter</c>), and both counted in usage.</para>
/// <para>The extraction signature is <c>text -&gt; (the original outputs)</c> with DSPy's fixed instructions and no demos,
/// so it is not optimized (as in DSPy). The extraction call gets no settings of the main call (model, temperature,
/// max tokens, rollout id), as DSPy passes it none: configure the extraction client itself. When extraction fails,
/// the <see cref="AdapterParseException"/> is this adapter's, quoting the main reply, with the extraction's failure
/// as its inner exception. A streaming run gets each field once the extraction has read it (the main reply has no fields to stream).</para>
/// </remarks>
/// <example>
/// <code>
/// var settings = new LMSettings { Client = reasoningModel, Adapter = new TwoStepAdapter(smallModel) };
/// var answer = await Predict.Create("qa", "question -> answer").RunAsync(Example.Create("question", "2 + 2?"), settings);
/// </code>
/// </example>
public sealed class TwoStepAdapter : IAdapter
{
    private const string TaskIntro = "You are a helpful assistant that can solve tasks based on user input.";
    private const string LayOut = "You should lay out your outputs in detail so that your answer can be understood by another agent";
    private readonly ConditionalWeakTable<Signature, Signature> _extractors = new();

    /// <summary>Creates the adapter.</summary>
    /// <param name="extractionModel">The LM that reads the fields out of the main LM's answer.</param>
    /// <example><code>var adapter = new TwoStepAdapter(smallModel);</code></example>
    public TwoStepAdapter(IChatClient extractionModel) =>
        ExtractionModel = extractionModel ?? throw new ArgumentNullException(nameof(extractionModel), "TwoStepAdapter needs the chat client that extracts the fields.");

    /// <summary>The LM that extracts the fields.</summary>
    /// <example><code>var client = adapter.ExtractionModel;</code></example>
    public IChatClient ExtractionModel { get; }

    /// <summary>The adapter the extraction runs through: <see cref="ChatAdapter.Default"/>, with its JSON fallback, as in DSPy.</summary>
    /// <example><code>adapter.ExtractionAdapter.Name // "ChatAdapter"</code></example>
    public IAdapter ExtractionAdapter => ChatAdapter.Default;

    /// <inheritdoc />
    /// <example><code>adapter.Name // "TwoStepAdapter"</code></example>
    public string Name => "TwoStepAdapter";

    /// <summary>None: a failed extraction is not re-asked of the main LM (DSPy's base adapter has no fallback either);
    /// the extraction itself falls back from <see cref="ChatAdapter"/> to <see cref="JsonAdapter"/>.</summary>
    public IAdapter? Fallback => null;

    /// <inheritdoc />
    /// <example>
    /// <code>
    /// var messages = adapter.Format(Signature.Parse("question -> answer"), [], Example.Create("question", "2 + 2?"));
    /// // user message: "question: 2 + 2?"
    /// </code>
    /// </example>
    public IReadOnlyList<ChatMessage> Format(Signature signature, IReadOnlyList<Example> demos, IReadOnlyDictionary<string, object?> inputs)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(demos);
        ArgumentNullException.ThrowIfNull(inputs);
        // DSPy 3.3.1's TwoStepAdapter writes an image's (audio's, file's) internal marker into the text instead of sending
        // it; copying that would hand the main LM base64 as words, so the combination is refused instead.
        if (signature.InputFields.FirstOrDefault(f => f.Type.HoldsMedia) is { } media && MediaParts.Noun(media.Type.MediaType!) is var noun)
            throw new NotSupportedException(
                $"TwoStepAdapter sends its inputs as plain text, so the {noun.Singular} field '{media.Name}' cannot be sent as {noun.AsValue}; use ChatAdapter, JsonAdapter or XmlAdapter for signatures with {noun.Plural}.");
        // It writes a document as its str() ("Document('T': 3 chars)"), so the main LM would never see the text: refused too.
        if (signature.InputFields.FirstOrDefault(f => f.Type.HoldsDocuments) is { } document)
            throw new NotSupportedException(
                $"TwoStepAdapter sends its inputs as plain text, so the document field '{document.Name}' would reach the LM as only its title and length (as DSPy's does); use ChatAdapter, JsonAdapter or XmlAdapter for signatures with documents.");
        var messages = new List<ChatMessage> { new(ChatRole.System, TaskDescription(signature)) };
        var complete = new List<Example>();
        foreach (var demo in demos)
        {
            if (signature.Fields.All(f => demo.TryGetValue(f.Name, out var v) && v is not null)) complete.Add(demo);
            else if (signature.InputFields.Any(f => demo.ContainsKey(f.Name)) && signature.OutputFields.Any(f => demo.ContainsKey(f.Name)))
            {
                // As DSPy: partial demos first, flagged, with the missing outputs spelled out.
                messages.Add(new ChatMessage(ChatRole.User, UserContent(signature, demo, ChatAdapter.IncompleteDemoPrefix)));
                messages.Add(new ChatMessage(ChatRole.Assistant, AssistantContent(signature, demo)));
            }
        }
        foreach (var demo in complete)
        {
            messages.Add(new ChatMessage(ChatRole.User, UserContent(signature, demo, "")));
            messages.Add(new ChatMessage(ChatRole.Assistant, AssistantContent(signature, demo)));
        }
        messages.Add(new ChatMessage(ChatRole.User, UserContent(signature, inputs, "")));
        return messages;
    }

    /// <inheritdoc />
    public ChatOptions ConfigureOptions(Signature signature, ChatOptions options) => options;

    /// <summary>Not available: this adapter reads a reply by calling its extraction model, which predictors do for you.</summary>
    /// <param name="signature">The signature.</param>
    /// <param name="reply">The reply.</param>
    /// <exception cref="NotSupportedException">Always.</exception>
    public Prediction Parse(Signature signature, string reply) => throw new NotSupportedException(
        "TwoStepAdapter reads a reply by asking its extraction model, so it cannot parse one synchronously. Run the predictor " +
        "(it makes both calls), or parse the extraction model's own reply with ChatAdapter.Default and ExtractorSignature(signature).");

    /// <summary>
    /// Reads the fields out of the main LM's answer by asking <see cref="ExtractionModel"/> (through
    /// <see cref="ExtractionAdapter"/> and its fallback) with <see cref="ExtractorSignature"/>, no demos and none of the
    /// main call's settings (DSPy passes it no lm_kwargs).
    /// </summary>
    /// <param name="reply">The main LM's answer.</param>
    /// <param name="cancellationToken">Cancels the extraction call.</param>
    /// <exception cref="AdapterParseException">The extraction failed: this adapter's error quoting the main answer, with
    /// the extraction's attempts as its inner exception (<see cref="ParseFailure.Truncated"/> when the main answer was cut off).</exception>
    /// <example><code>// predictors call it for you; see the class example</code></example>
    public async ValueTask<Prediction> ReadReplyAsync(AdapterReply reply, CancellationToken cancellationToken)
    {
        var extractor = ExtractorSignature(reply.Signature);
        try
        {
            return await reply.AskAsync(ExtractionModel, ExtractionAdapter, extractor,
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["text"] = reply.Text }, cancellationToken).ConfigureAwait(false);
        }
        catch (AdapterParseException e)
        {
            // Quote the main LM's answer (what was to be read) and keep the extraction's own attempts as the inner exception.
            var failure = reply.FinishReason == ChatFinishReason.Length ? ParseFailure.Truncated : e.Failure;
            throw new AdapterParseException(Name, reply.Signature, reply.Text, e.FoundFields, failure,
                $"its extraction model could not read the fields out of the main LM's answer ({Counted.Of(e.Attempts.Count, "attempt")}, last by {e.Adapter}: {e.Detail ?? e.Failure.ToString()})", e);
        }
    }

    /// <summary>The main LM's reply as DSPy writes a demo's assistant turn: <c>name: value</c> per output, blank lines between.</summary>
    /// <param name="signature">The signature.</param>
    /// <param name="outputs">Output values by field name.</param>
    /// <example><code>adapter.FormatReply(signature, new Dictionary&lt;string, object?&gt; { ["answer"] = "4" }) // "answer: 4"</code></example>
    public string FormatReply(Signature signature, IReadOnlyDictionary<string, object?> outputs)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(outputs);
        return AssistantContent(signature, outputs);
    }

    /// <summary>
    /// The signature the extraction model answers: <c>text</c> in, the original outputs (with their types and
    /// descriptions) out, and DSPy's extraction instructions.
    /// </summary>
    /// <param name="signature">The original signature.</param>
    /// <example><code>adapter.ExtractorSignature(Signature.Parse("question -> answer")).ToString() // "text -> answer"</code></example>
    public Signature ExtractorSignature(Signature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return _extractors.GetValue(signature, static s =>
        {
            var outputs = string.Join(", ", s.OutputFields.Select(f => $"`{f.Name}`"));
            // DSPy's instructions come from a backslash-continued literal: ". " then the next line's 12-space indent.
            var instructions = $"The input is a text that should contain all the necessary information to produce the fields {outputs}.             " +
                               "Your job is to extract the fields from the text verbatim. Extract precisely the appropriate value (content) for each field.";
            return Signature.Create([Field.Input("text"), .. s.OutputFields], instructions);
        });
    }

    private static string TaskDescription(Signature signature)
    {
        var parts = new List<string>
        {
            TaskIntro,
            "As input, you will be provided with:\n" + ChatAdapter.DescribeFields(signature.InputFields),
            "Your outputs must contain:\n" + ChatAdapter.DescribeFields(signature.OutputFields),
            LayOut,
        };
        if (!string.IsNullOrEmpty(signature.Instructions)) parts.Add($"Specific instructions: {signature.Instructions}");
        return string.Join("\n", parts);
    }

    /// <summary>DSPy's <c>format_user_message_content</c>: the prefix, then <c>name: str(value)</c> per input present.</summary>
    private static string UserContent(Signature signature, IReadOnlyDictionary<string, object?> values, string prefix) =>
        Join(prefix, signature.InputFields.Where(f => values.ContainsKey(f.Name)).Select(f => $"{f.Name}: {PythonRepr.Str(values[f.Name])}"));

    /// <summary>DSPy's <c>format_assistant_message_content</c>: <c>name: str(value)</c> per output present. DSPy passes a
    /// "not supplied" text for partial demos, but only ever writes the fields present, so it never shows.</summary>
    private static string AssistantContent(Signature signature, IReadOnlyDictionary<string, object?> values) =>
        PyText.Strip(string.Join("\n\n", signature.OutputFields.Where(f => values.ContainsKey(f.Name)).Select(f => $"{f.Name}: {PythonRepr.Str(values[f.Name])}")));

    private static string Join(string prefix, IEnumerable<string> parts) => PyText.Strip(string.Join("\n\n", parts.Prepend(prefix)));
}
