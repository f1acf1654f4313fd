using System.Text;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>
/// Fields wrapped in XML tags (<c>&lt;answer&gt;…&lt;/answer&gt;</c>) instead of <c>[[ ## answer ## ]]</c> headers;
/// lists, dictionaries and records are written and read as nested tags. Byte-for-byte the messages DSPy's
/// <c>XMLAdapter</c> builds.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.XMLAdapter</c>, which subclasses <c>ChatAdapter</c>: the field descriptions, the objective,
/// the order of demos and the JSON fallback are ChatAdapter's; the field blocks, the closing request and parsing differ.</para>
/// <para>In output values <c>&amp;</c> and <c>&lt;</c> are escaped (as DSPy does); input values are written as they are.
/// A reply is read as XML, strictly: an unescaped <c>&lt;</c> or <c>&amp;</c>, or an unclosed tag, anywhere in the reply
/// is a <see cref="ParseFailure.Malformed"/> error naming the line and column, and the predictor then re-asks through
/// <see cref="ChatAdapter.Fallback"/> (a <see cref="JsonAdapter"/> by default), as DSPy does.</para>
/// </remarks>
/// <example>
/// <code>
/// var signature = Signature.Parse("question -> answer: int");
/// var messages = XmlAdapter.Default.Format(signature, [], Example.Create("question", "2 + 2?"));
/// var answer = XmlAdapter.Default.Parse(signature, "&lt;answer&gt;4&lt;/answer&gt;")["answer"]; // 4L
/// </code>
/// </example>
public sealed partial class XmlAdapter : ChatAdapter
{
    private const string StructureHeader = "All interactions will be structured in the following way, with the appropriate values filled in.";

    /// <summary>A shared instance with the JSON fallback on.</summary>
    /// <example><code>var settings = new LMSettings { Client = client, Adapter = XmlAdapter.Default };</code></example>
    public static new XmlAdapter Default { get; } = new();

    /// <summary>Creates an XML adapter.</summary>
    /// <param name="useJsonFallback">Whether to retry once through <see cref="JsonAdapter"/> when a reply cannot be parsed
    /// (DSPy's <c>use_json_adapter_fallback</c>, on by default there too).</param>
    /// <example><code>var strict = new XmlAdapter(useJsonFallback: false);</code></example>
    public XmlAdapter(bool useJsonFallback = true) : base(useJsonFallback) { }

    /// <inheritdoc />
    /// <example><code>XmlAdapter.Default.Name // "XmlAdapter"</code></example>
    public override string Name => "XmlAdapter";

    /// <summary>A reader for XML replies: the text inside each top-level output tag, entities decoded.</summary>
    /// <param name="signature">The signature whose outputs the reply holds.</param>
    /// <example><code>var reader = XmlAdapter.Default.CreateStreamReader(Signature.Parse("question -> answer"));</code></example>
    public override IFieldStreamReader? CreateStreamReader(Signature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return new XmlFieldStreamReader(signature);
    }

    private protected override string FormatFieldStructure(Signature signature)
    {
        // Not stripped: DSPy joins the header and the two groups as they are.
        var inputs = string.Join("\n\n", signature.InputFields.Select(f => FieldBlocks([(f, (object?)Placeholder(f))])));
        var outputs = string.Join("\n\n", signature.OutputFields.Select(f =>
            XmlFieldWriter.UsesNestedXml(f.Type) ? XmlFieldWriter.SchemaToXml(f.Name, f.Type) : FieldBlocks([(f, (object?)Placeholder(f))])));
        return $"{StructureHeader}\n\n{inputs}\n\n{outputs}";
    }

    private protected override string FormatUserMessage(Signature signature, IReadOnlyDictionary<string, object?> inputs, string prefix, bool mainRequest)
    {
        var present = signature.InputFields.Where(f => inputs.ContainsKey(f.Name)).Select(f => (f, inputs[f.Name]));
        var sb = new StringBuilder(prefix).Append("\n\n").Append(FieldBlocks(present));
        if (mainRequest) sb.Append("\n\n").Append(OutputRequirementsFor(signature));
        return PyText.Strip(sb.ToString());
    }

    private protected override string OutputRequirements(Signature signature)
    {
        var sb = new StringBuilder("Respond with the corresponding output fields wrapped in XML tags ")
            .AppendJoin(", then ", signature.OutputFields.Select(f => $"`<{f.Name}>`")).Append('.');
        var schemas = signature.OutputFields.Where(f => XmlFieldWriter.UsesNestedXml(f.Type))
            .Select(f => XmlFieldWriter.SchemaToXml(f.Name, f.Type)).ToList();
        if (schemas.Count > 0) sb.Append(" Use this nested XML structure: ").AppendJoin(' ', schemas);
        return sb.ToString();
    }

    // No [[ ## completed ## ]] marker: DSPy's XML assistant turn is the output tags alone.
    private protected override string FormatReply(Signature signature, IReadOnlyDictionary<string, object?> outputs, string missing) =>
        FieldBlocks(signature.OutputFields.Select(f => (f, outputs.TryGetValue(f.Name, out var v) ? v : missing)));

    /// <summary>DSPy's <c>format_field_with_value</c> for XML: one block per field, nested tags for structured outputs.</summary>
    private static string FieldBlocks(IEnumerable<(Field Field, object? Value)> fields)
    {
        var blocks = new List<string>();
        foreach (var (field, value) in fields)
        {
            if (field.IsOutput && XmlFieldWriter.UsesNestedXml(field.Type) && XmlFieldWriter.AsJsonContainer(value) is { } tree)
            {
                blocks.Add(XmlFieldWriter.ValueToXml(tree, field.Name));
                continue;
            }
            var text = FieldValueFormatter.Format(field, value);
            if (field.IsOutput && field.Type.IsString) text = XmlFieldWriter.EscapeText(text);
            blocks.Add($"<{field.Name}>\n{text}\n</{field.Name}>");
        }
        return PyText.Strip(string.Join("\n\n", blocks));
    }
}
