using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// DSPy's native citations for <see cref="FieldType.Citations"/> outputs: with Anthropic's client (its
/// <see cref="ChatClientMetadata.ProviderName"/> is <c>anthropic</c>, where DSPy checks for an <c>anthropic/</c> model)
/// the citations fields are left out of the prompt; and whenever the reply's text carries
/// <see cref="CitationAnnotation"/>s, they fill the citations fields, over any parsed from the text (as DSPy's
/// <c>parse_lm_response</c> does with the provider's citations).
/// </summary>
/// <remarks>
/// An annotation maps to a <see cref="Citation"/> as: <see cref="CitationAnnotation.Snippet"/> is the cited text,
/// <see cref="CitationAnnotation.Title"/> the document title, the reply text its <see cref="TextSpanAnnotatedRegion"/>
/// covers the supported text, and <c>document_index</c>, <c>start_char_index</c>, <c>end_char_index</c> (Anthropic's
/// names) come from its <see cref="AIAnnotation.AdditionalProperties"/>, -1 when the client did not put them there.
/// </remarks>
internal static class NativeCitations
{
    /// <summary>Whether <paramref name="client"/> is one whose provider answers with native citations.</summary>
    public static bool IsNative(IChatClient client) =>
        string.Equals(client.GetService<ChatClientMetadata>()?.ProviderName, "anthropic", StringComparison.OrdinalIgnoreCase);

    /// <summary>The signature to send: without its citations outputs for a native client, else the same instance.</summary>
    public static Signature ToSend(Signature signature, IChatClient client)
    {
        if (!signature.OutputFields.Any(f => f.Type.IsCitations) || !IsNative(client)) return signature;
        var sent = signature;
        foreach (var field in signature.OutputFields)
            if (field.Type.IsCitations) sent = sent.Delete(field.Name);
        return sent;
    }

    /// <summary>
    /// The prediction with the citations fields from the reply's annotations when it has any, or put back as null
    /// when they were left out of the prompt (<paramref name="omitted"/>); otherwise the same instance.
    /// </summary>
    public static Prediction Fill(Prediction prediction, Signature signature, ChatResponse response, bool omitted)
    {
        if (!signature.OutputFields.Any(f => f.Type.IsCitations)) return prediction;
        var native = FromResponse(response);
        if (native is null && !omitted) return prediction;
        return new Prediction(signature.OutputFields.Select(f =>
            new KeyValuePair<string, object?>(f.Name, f.Type.IsCitations ? native ?? (omitted ? null : prediction.GetValueOrDefault(f.Name)) : prediction.GetValueOrDefault(f.Name))));
    }

    /// <summary>The citations the reply's text parts carry, in order, or null when it carries none.</summary>
    public static Citations? FromResponse(ChatResponse response)
    {
        var found = new List<Citation>();
        foreach (var text in response.Messages.SelectMany(m => m.Contents).OfType<TextContent>())
            foreach (var annotation in text.Annotations?.OfType<CitationAnnotation>() ?? [])
                found.Add(From(annotation, text.Text));
        return found.Count == 0 ? null : new Citations(found);
    }

    private static Citation From(CitationAnnotation a, string text)
    {
        var span = a.AnnotatedRegions?.OfType<TextSpanAnnotatedRegion>().FirstOrDefault();
        var supported = span is { StartIndex: { } s, EndIndex: { } e } && s >= 0 && e <= text.Length && s <= e ? text[s..e] : null;
        return new Citation(a.Snippet ?? "", Number(a, "document_index"), Number(a, "start_char_index"), Number(a, "end_char_index"), a.Title, supported);
    }

    private static int Number(AIAnnotation a, string key) =>
        a.AdditionalProperties?.TryGetValue(key, out var v) == true && v is not null && int.TryParse(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture), out var n) ? n : -1;
}
