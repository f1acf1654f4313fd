
namespace Dspy.Fluent;

/// <summary>
/// An LM reply could not be turned into the signature's output fields. Carries the raw reply and which fields
/// were expected and found, so nothing the LM said is lost.
/// </summary>
/// <remarks>Corresponds to DSPy's <c>AdapterParseError</c>.</remarks>
public sealed class AdapterParseException : Exception
{
    /// <summary>Creates the exception; the message is composed from the parts.</summary>
    /// <param name="adapter">The adapter that parsed, e.g. <c>ChatAdapter</c>.</param>
    /// <param name="signature">The signature whose outputs were expected.</param>
    /// <param name="reply">The raw reply text.</param>
    /// <param name="found">The output fields that were found.</param>
    /// <param name="failure">Why parsing failed.</param>
    /// <param name="detail">A specific reason, e.g. which value did not fit which type; null for none.</param>
    /// <param name="inner">The exception behind it, or null.</param>
    public AdapterParseException(string adapter, Signature signature, string reply, IReadOnlyList<string> found,
        ParseFailure failure, string? detail = null, Exception? inner = null)
        : base(Compose(adapter, signature, reply, found, failure, detail), inner)
    {
        ArgumentNullException.ThrowIfNull(signature);
        Adapter = adapter;
        Signature = signature;
        Reply = reply;
        FoundFields = found;
        Failure = failure;
        Detail = detail;
    }

    /// <summary>The adapter that parsed the reply.</summary>
    public string Adapter { get; }

    /// <summary>The signature whose outputs were expected.</summary>
    public Signature Signature { get; }

    /// <summary>The raw reply, exactly as the LM wrote it.</summary>
    public string Reply { get; }

    /// <summary>The output fields the signature asks for, in order.</summary>
    public IReadOnlyList<string> ExpectedFields => Signature.OutputFields.Select(f => f.Name).ToArray();

    /// <summary>The output fields that were found in the reply.</summary>
    public IReadOnlyList<string> FoundFields { get; }

    /// <summary>The expected fields that are missing.</summary>
    public IReadOnlyList<string> MissingFields => ExpectedFields.Except(FoundFields).ToArray();

    /// <summary>Why parsing failed.</summary>
    public ParseFailure Failure { get; }

    /// <summary>A specific reason, or null.</summary>
    public string? Detail { get; }

    /// <summary>A copy of this failure reported by another adapter stage, keeping the raw reply.</summary>
    internal AdapterParseException WithFailure(ParseFailure failure, string detail) =>
        new(Adapter, Signature, Reply, FoundFields, failure, detail, this);

    private static string Compose(string adapter, Signature signature, string reply, IReadOnlyList<string> found,
        ParseFailure failure, string? detail)
    {
        var expected = signature.OutputFields.Select(f => f.Name).ToArray();
        var missing = expected.Except(found).ToArray();
        var what = failure switch
        {
            ParseFailure.Truncated => $"the LM stopped at its token limit before writing {string.Join(", ", missing)}",
            ParseFailure.MissingFields => $"the reply lacks {string.Join(", ", missing)}",
            ParseFailure.WrongType => "a value does not fit its type",
            _ => "the reply has none of the requested structure",
        };
        var fix = failure switch
        {
            ParseFailure.Truncated => "Raise MaxTokens for this predictor or shorten the prompt (fewer demos, shorter context).",
            _ => "Look at the prompt with Inspect(), give the predictor demos, or try JsonAdapter.",
        };
        var shown = reply.Length <= 600 ? reply : reply[..600] + $"… ({reply.Length} chars in all)";
        return $"{adapter} could not parse the reply for '{signature}': {what}" +
               (detail is null ? "" : $" ({detail})") +
               $". Expected [{string.Join(", ", expected)}], found [{string.Join(", ", found)}]. {fix}\nReply:\n{shown}";
    }
}
