using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

public sealed partial class XmlAdapter
{
    /// <summary>
    /// Reads each output field from its top-level tag. The whole reply must be well-formed XML (text around the tags
    /// is allowed); lists are read from <c>&lt;item&gt;</c> children, dictionaries and records from one child tag per key,
    /// and text or JSON inside a tag is converted like a ChatAdapter field.
    /// </summary>
    /// <param name="signature">The signature whose outputs are expected.</param>
    /// <param name="reply">The reply text.</param>
    /// <returns>The output values by field name; a missing <c>Optional</c> field is null.</returns>
    /// <exception cref="AdapterParseException">The reply is not well-formed XML (<see cref="ParseFailure.Malformed"/>,
    /// with line and column), a field's value does not fit its type (<see cref="ParseFailure.WrongType"/>, with the path
    /// of the value, e.g. <c>people[1].age</c>), or a field's tag is missing.</exception>
    /// <example>
    /// <code>
    /// var signature = Signature.Parse("topic -> keywords: list[str]");
    /// var keywords = XmlAdapter.Default.Parse(signature, "&lt;keywords&gt;&lt;item&gt;sun&lt;/item&gt;&lt;item&gt;leaf&lt;/item&gt;&lt;/keywords&gt;")["keywords"];
    /// </code>
    /// </example>
    public override Prediction Parse(Signature signature, string reply)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(reply);
        XmlNode root;
        try
        {
            root = XmlReplyReader.Read(reply);
        }
        catch (XmlReplyException e)
        {
            throw new AdapterParseException(Name, signature, reply, [], ParseFailure.Malformed, e.Message, e);
        }

        var elements = XmlFieldReader.GroupChildren(root);
        var outputs = signature.OutputFields;
        var found = outputs.Where(f => elements.ContainsKey(f.Name)).Select(f => f.Name).ToList();
        var entries = new KeyValuePair<string, object?>[outputs.Count];
        var missing = false;
        for (var i = 0; i < outputs.Count; i++)
        {
            var field = outputs[i];
            if (!elements.TryGetValue(field.Name, out var tags))
            {
                // A field that may be missing (Optional[T]) is simply None, as in DSPy.
                entries[i] = new(field.Name, null);
                missing |= field.Type.Kind != FieldTypeKind.Optional;
                continue;
            }
            try
            {
                entries[i] = new(field.Name, XmlFieldReader.Read(tags, field.Type, field.Name));
            }
            catch (FormatException e)
            {
                throw new AdapterParseException(Name, signature, reply, found, ParseFailure.WrongType,
                    $"field '{field.Name}' ({field.Type.PythonName}): {e.Message}", e);
            }
        }
        if (missing)
        {
            if (root.Children.Count == 0)
                throw new AdapterParseException(Name, signature, reply, found, ParseFailure.Unstructured, "no XML tags");
            // Tags that are not output fields often mean a wrapper (<response>…</response>) or a misspelt name: only the
            // reply's top-level tags are read, so say which ones were there.
            var others = elements.Keys.Where(k => !outputs.Any(f => f.Name == k)).Select(k => $"<{k}>").ToList();
            throw new AdapterParseException(Name, signature, reply, found, ParseFailure.MissingFields,
                others.Count == 0 ? null : $"only top-level tags are read; other top-level tags: {string.Join(", ", others)}");
        }
        return new Prediction(entries, owned: true);
    }
}
