namespace Dspy.Fluent;

/// <summary>
/// Splits one LM reply into output-field text while it streams in, in an adapter's own reply format. An adapter hands one
/// out per streamed call from <see cref="IAdapter.CreateStreamReader"/>; it is used by one call only, so it may keep state.
/// </summary>
/// <remarks>Text whose field is not yet certain (the start of a field marker, half an escape) is held back until a later
/// chunk decides it, so concatenating every chunk of a field gives its text exactly once. Streaming only shows progress:
/// the prediction still comes from <see cref="IAdapter.ReadReplyAsync"/> over the whole reply.</remarks>
/// <example>
/// <code>
/// var reader = ChatAdapter.Default.CreateStreamReader(Signature.Parse("question -> answer"))!;
/// var chunks = reader.Read("[[ ## answer ## ]]\nPar").Concat(reader.Read("is")).Concat(reader.Complete());
/// // ("answer", "Par"), ("answer", "is")
/// </code>
/// </example>
public interface IFieldStreamReader
{
    /// <summary>Reads the next piece of the reply; returns the field text that is now certain.</summary>
    /// <param name="text">The next piece of the reply, as the LM streamed it.</param>
    /// <example><code>var chunks = reader.Read("[[ ## answer ## ]]\nPar");</code></example>
    IReadOnlyList<FieldChunk> Read(string text);

    /// <summary>The reply has ended: returns whatever was held back that belongs to a field.</summary>
    /// <example><code>var last = reader.Complete();</code></example>
    IReadOnlyList<FieldChunk> Complete();
}
