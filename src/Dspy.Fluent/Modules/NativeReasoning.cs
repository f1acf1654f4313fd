using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// DSPy's native reasoning for <see cref="FieldType.Reasoning"/> outputs: when the request asks the model to reason
/// (<see cref="ChatOptions.Reasoning"/> set, effort not <see cref="ReasoningEffort.None"/>), the reasoning fields are
/// left out of the prompt and filled from the reply's <see cref="TextReasoningContent"/> (null when it has none, as in DSPy).
/// </summary>
/// <remarks>DSPy also turns this on by itself for models litellm knows to reason; an <see cref="IChatClient"/> does not
/// say whether it can, so here the request's options decide.</remarks>
internal static class NativeReasoning
{
    /// <summary>The signature to send: without its reasoning outputs when the options ask for native reasoning, else the same instance.</summary>
    public static Signature ToSend(Signature signature, ChatOptions options)
    {
        if (options.Reasoning is not { } reasoning || reasoning.Effort == ReasoningEffort.None) return signature;
        var sent = signature;
        foreach (var field in signature.OutputFields)
            if (field.Type.IsReasoning) sent = sent.Delete(field.Name);
        return sent;
    }

    /// <summary>The prediction with the reasoning fields put back, in the signature's order, from the reply's reasoning content.</summary>
    public static Prediction Fill(Prediction prediction, Signature signature, ChatResponse response)
    {
        var parts = response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>().Select(c => c.Text).ToList();
        var reasoning = parts.Count == 0 ? null : string.Concat(parts);
        return new Prediction(signature.OutputFields.Select(f =>
            new KeyValuePair<string, object?>(f.Name, f.Type.IsReasoning ? reasoning : prediction.GetValueOrDefault(f.Name))));
    }
}
