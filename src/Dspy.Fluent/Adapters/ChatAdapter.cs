using System.Runtime.CompilerServices;
using System.Text;
using Dspy.Fluent.Internal;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// DSPy's default prompt format: fields delimited by <c>[[ ## name ## ]]</c> headers, byte-for-byte the messages
/// DSPy's <c>ChatAdapter</c> builds, so prompts and demos carry across between the two libraries.
/// </summary>
/// <remarks>
/// Corresponds to <c>dspy.ChatAdapter</c>. When a reply cannot be parsed, the predictor re-issues the request through
/// <see cref="Fallback"/> (a <see cref="JsonAdapter"/> by default) once; transport errors are never retried here.
/// </remarks>
/// <example>
/// <code>
/// var messages = ChatAdapter.Default.Format(Signature.Parse("question -> answer"), [], Example.Create("question", "Why?"));
/// </code>
/// </example>
public partial class ChatAdapter : IAdapter
{
    internal const string IncompleteDemoPrefix = "This is an example of the task, though some input or output fields are not supplied.";
    internal const string NotSupplied = "Not supplied for this particular example. ";
    private const string NotSuppliedHistory = "Not supplied for this conversation history message. ";

    // The system message and the closing output requirements depend only on the signature, which is immutable: build
    // them once per signature value. (TryGetValue before AddOrUpdate: a GetValue(key, method group) call would allocate a
    // delegate on every call.)
    private readonly ConditionalWeakTable<Signature, string> _systemMessages = new();
    private readonly ConditionalWeakTable<Signature, string> _outputRequirements = new();

    // Demo turns depend only on the signature and the demos, which stay the same call after call (they live in the
    // compiled program's state): formatting them is most of a compiled program's prompt work, so it is done once per
    // (signature, demos) and checked by reference on each call.
    private readonly ConditionalWeakTable<IReadOnlyList<Example>, DemoTurns> _demoTurns = new();

    /// <summary>A shared instance with the JSON fallback on.</summary>
    public static ChatAdapter Default { get; } = new();

    /// <summary>Creates a chat adapter.</summary>
    /// <param name="useJsonFallback">Whether to retry once through <see cref="JsonAdapter"/> when a reply cannot be parsed.</param>
    public ChatAdapter(bool useJsonFallback = true) => Fallback = useJsonFallback ? JsonAdapter.Default : null;

    /// <inheritdoc />
    public virtual string Name => "ChatAdapter";

    /// <inheritdoc />
    public IAdapter? Fallback { get; private protected init; }

    /// <summary>
    /// Whether tools in a <c>list[Tool]</c> input and a <see cref="FieldType.ToolCalls"/> output go through the provider's
    /// native function calling instead of the prompt (see <see cref="IAdapter.UseNativeFunctionCalling"/>). False for
    /// <see cref="ChatAdapter"/> and <see cref="XmlAdapter"/>, true for <see cref="JsonAdapter"/>, as in DSPy.
    /// </summary>
    /// <example><code>var adapter = new ChatAdapter { UseNativeFunctionCalling = true };</code></example>
    public bool UseNativeFunctionCalling { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<ChatMessage> Format(Signature signature, IReadOnlyList<Example> demos, IReadOnlyDictionary<string, object?> inputs)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(demos);
        ArgumentNullException.ThrowIfNull(inputs);
        var turns = demos.Count == 0 ? [] : DemoTurnsFor(signature, demos);
        var messages = new List<ChatMessage>(2 + turns.Length) { new(ChatRole.System, SystemMessageFor(signature)) };
        // Fresh ChatMessage objects every call (only their text is shared): messages are mutable and callers may change them.
        foreach (var (role, text) in turns) messages.Add(MediaParts.Message(role, text));
        var request = signature;
        if (signature.InputFields.FirstOrDefault(f => f.Type.IsHistory) is { } historyField)
        {
            // As DSPy: the system message and demos keep the history field; its turns, and the current request, leave it out.
            request = signature.Delete(historyField.Name);
            if (inputs.TryGetValue(historyField.Name, out var value) && value is not null)
                AddConversation(messages, request, historyField, value);
            inputs = inputs.Where(p => p.Key != historyField.Name).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        }
        var content = FormatUserMessage(request, inputs, prefix: "", mainRequest: true);
        if (content.Length > 0) messages.Add(MediaParts.Message(ChatRole.User, content));
        return messages;
    }

    /// <summary>DSPy's <c>format_conversation_history</c>: each message as a user turn (its inputs) and an assistant turn (its outputs).</summary>
    private void AddConversation(List<ChatMessage> messages, Signature request, Field historyField, object value)
    {
        var history = ConversationHistory.FromValue(value) ?? throw new ArgumentException(
            $"The input '{historyField.Name}' is a History field, so its value must be a ConversationHistory (or its saved JSON form, {{\"messages\": [...]}}), not {value.GetType().Name}. " +
            "Build one with new ConversationHistory(messages) or ConversationHistory.Empty.Append(inputs, outputs).", nameof(value));
        foreach (var message in history.Messages)
        {
            var user = FormatUserMessage(request, message, prefix: "", mainRequest: false);
            if (user.Length > 0) messages.Add(MediaParts.Message(ChatRole.User, user));
            // DSPy passes no missing-field text here: an output the message lacks is a None value (None, or null in JSON).
            var outputs = request.OutputFields.ToDictionary(f => f.Name, f => message.TryGetValue(f.Name, out var v) ? v : null, StringComparer.Ordinal);
            var assistant = FormatReply(request, outputs, NotSupplied);
            if (assistant.Length > 0) messages.Add(new ChatMessage(ChatRole.Assistant, assistant));
        }
    }

    private string SystemMessageFor(Signature signature)
    {
        if (_systemMessages.TryGetValue(signature, out var text)) return text;
        text = FormatSystemMessage(signature);
        _systemMessages.AddOrUpdate(signature, text);
        return text;
    }

    private protected string OutputRequirementsFor(Signature signature)
    {
        if (_outputRequirements.TryGetValue(signature, out var text)) return text;
        text = OutputRequirements(signature);
        _outputRequirements.AddOrUpdate(signature, text);
        return text;
    }

    private (ChatRole Role, string Text)[] DemoTurnsFor(Signature signature, IReadOnlyList<Example> demos)
    {
        if (_demoTurns.TryGetValue(demos, out var cached) && cached.IsFor(signature, demos)) return cached.Turns;
        var turns = FormatDemos(signature, demos);
        _demoTurns.AddOrUpdate(demos, new DemoTurns(signature, [.. demos], turns));
        return turns;
    }

    /// <summary>Formatted demo turns, valid while the signature and every demo are the same objects (both are immutable).</summary>
    private sealed class DemoTurns(Signature signature, Example[] demos, (ChatRole Role, string Text)[] turns)
    {
        public (ChatRole Role, string Text)[] Turns { get; } = turns;

        public bool IsFor(Signature other, IReadOnlyList<Example> current)
        {
            if (!ReferenceEquals(signature, other) || current.Count != demos.Length) return false;
            for (var i = 0; i < demos.Length; i++)
                if (!ReferenceEquals(demos[i], current[i])) return false;
            return true;
        }
    }

    /// <inheritdoc />
    public virtual ChatOptions ConfigureOptions(Signature signature, ChatOptions options) => options;

    /// <summary>A reader for this adapter's reply format: the text after each <c>[[ ## field ## ]]</c> header.</summary>
    /// <param name="signature">The signature whose outputs the reply holds.</param>
    /// <example><code>var reader = ChatAdapter.Default.CreateStreamReader(Signature.Parse("question -> answer"));</code></example>
    public virtual IFieldStreamReader? CreateStreamReader(Signature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return new ChatFieldStreamReader(signature);
    }

    /// <summary>The system message: field descriptions, the structure of an interaction, and the objective.</summary>
    /// <param name="signature">The signature.</param>
    public string FormatSystemMessage(Signature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return $"{FormatFieldDescription(signature)}\n{FormatFieldStructure(signature)}\n{FormatTaskDescription(signature)}";
    }

    private protected static string FormatFieldDescription(Signature signature) =>
        $"Your input fields are:\n{DescribeFields(signature.InputFields)}\nYour output fields are:\n{DescribeFields(signature.OutputFields)}";

    private protected virtual string FormatFieldStructure(Signature signature) =>
        PyText.JoinStrip("\n\n", [
            "All interactions will be structured in the following way, with the appropriate values filled in.",
            FieldsWithValues(signature.InputFields.Select(f => (f, (object?)Placeholder(f)))),
            FieldsWithValues(signature.OutputFields.Select(f => (f, (object?)Placeholder(f)))),
            "[[ ## completed ## ]]\n",
        ]);

    private protected static string FormatTaskDescription(Signature signature)
    {
        var sb = new StringBuilder("In adhering to this structure, your objective is: ");
        foreach (var line in PyText.SplitLines(PyText.CleanDoc(signature.Instructions)))
            sb.Append("\n        ").Append(line);
        return sb.ToString();
    }

    private (ChatRole Role, string Text)[] FormatDemos(Signature signature, IReadOnlyList<Example> demos)
    {
        var turns = new List<(ChatRole Role, string Text)>(demos.Count * 2);
        List<Example>? complete = null;
        foreach (var demo in demos)
        {
            if (IsComplete(signature, demo)) (complete ??= []).Add(demo);
            else if (signature.InputFields.Any(f => demo.ContainsKey(f.Name)) && signature.OutputFields.Any(f => demo.ContainsKey(f.Name)))
            {
                // DSPy shows partial demos first, flagged, with the gaps spelled out.
                turns.Add((ChatRole.User, FormatUserMessage(signature, demo, IncompleteDemoPrefix, mainRequest: false)));
                turns.Add((ChatRole.Assistant, FormatReply(signature, demo, NotSupplied)));
            }
        }
        foreach (var demo in complete ?? [])
        {
            turns.Add((ChatRole.User, FormatUserMessage(signature, demo, "", mainRequest: false)));
            turns.Add((ChatRole.Assistant, FormatReply(signature, demo, NotSuppliedHistory)));
        }
        return [.. turns];
    }

    private static bool IsComplete(Signature signature, Example demo)
    {
        foreach (var f in signature.Fields)
            if (!demo.TryGetValue(f.Name, out var v) || v is null) return false;
        return true;
    }

    /// <summary>One user message: the prefix, the input blocks present in <paramref name="inputs"/>, and for the current
    /// request the output requirements. A seam for <see cref="XmlAdapter"/>, which writes the same parts as XML tags
    /// (DSPy's <c>format_user_message_content</c>); private protected, so the public surface stays as it is.</summary>
    private protected virtual string FormatUserMessage(Signature signature, IReadOnlyDictionary<string, object?> inputs, string prefix, bool mainRequest)
    {
        var sb = StringBuilderCache.Acquire();
        sb.Append(prefix);
        var fields = signature.InputFields;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (!inputs.TryGetValue(field.Name, out var value)) continue;
            sb.Append("\n\n[[ ## ").Append(field.Name).Append(" ## ]]\n").Append(FieldValueFormatter.Format(field, value));
        }
        if (mainRequest) sb.Append("\n\n").Append(OutputRequirementsFor(signature));
        return StringBuilderCache.StripAndRelease(sb);
    }

    /// <summary>The reminder closing the final user message: which fields to write, in which order, ending with the completed marker.</summary>
    /// <param name="signature">The signature.</param>
    private protected virtual string OutputRequirements(Signature signature)
    {
        var sb = new StringBuilder("Respond with the corresponding output fields, starting with the field ");
        var first = true;
        foreach (var f in signature.OutputFields)
        {
            if (!first) sb.Append(", then ");
            first = false;
            sb.Append("`[[ ## ").Append(f.Name).Append(" ## ]]`").Append(TypeInfo(f));
        }
        return sb.Append(", and then ending with the marker for `[[ ## completed ## ]]`.").ToString();
    }

    private protected static string TypeInfo(Field f) =>
        f.Type.IsToolCalls ? " (must be a JSON object like {\"tool_calls\": [{\"name\": \"...\", \"args\": {...}}]})"
        : f.Type.IsString ? "" : $" (must be formatted as a valid Python {f.Type.PythonName})";

    /// <inheritdoc />
    public string FormatReply(Signature signature, IReadOnlyDictionary<string, object?> outputs)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(outputs);
        return FormatReply(signature, outputs, NotSupplied);
    }

    private protected virtual string FormatReply(Signature signature, IReadOnlyDictionary<string, object?> outputs, string missing) =>
        FieldsWithValues(signature.OutputFields.Select(f => (f, outputs.TryGetValue(f.Name, out var v) ? v : missing))) +
        "\n\n[[ ## completed ## ]]\n";

    private protected static string FieldsWithValues(IEnumerable<(Field Field, object? Value)> fields) =>
        PyText.JoinStrip("\n\n", fields.Select(p => $"[[ ## {p.Field.Name} ## ]]\n{FieldValueFormatter.Format(p.Field, p.Value)}"));

    /// <summary>The placeholder DSPy shows for a field in the structure section, with a type note for non-text outputs.</summary>
    internal static string Placeholder(Field f)
    {
        var note = f.IsInput ? "" : f.Type.Kind switch
        {
            FieldTypeKind.String => "",
            FieldTypeKind.Boolean => "must be True or False",
            FieldTypeKind.Integer or FieldTypeKind.Float => $"must be a single {f.Type.PythonName} value",
            FieldTypeKind.Enum => $"must be one of: {string.Join("; ", f.Type.Choices)}",
            FieldTypeKind.Literal => $"must exactly match (no extra characters) one of: {string.Join("; ", f.Type.Choices)}",
            _ when f.Type.CodeLanguage is not null => "", // its type description already says how to write it
            _ => $"must adhere to the JSON schema: {f.Type.JsonSchema}",
        };
        return note.Length == 0 ? $"{{{f.Name}}}" : $"{{{f.Name}}}        # note: the value you produce {note}";
    }

    internal static string DescribeFields(IReadOnlyList<Field> fields)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            if (i > 0) sb.Append('\n');
            sb.Append(i + 1).Append(". `").Append(f.Name).Append("` (").Append(f.Type.PythonName).Append("): ").Append(f.Description);
            if (f.Type.DescribedType is { } described)
                sb.Append("\n    Type description of ").Append(described.PythonName).Append(": ").Append(described.TypeDescription);
            if (!string.IsNullOrEmpty(f.Constraints)) sb.Append("\nConstraints: ").Append(f.Constraints);
        }
        return PyText.Strip(sb.ToString());
    }
}
