using System.Text;

namespace Dspy.Fluent;

/// <summary>
/// An LM reply could not be turned into the signature's output fields. Carries the raw reply and which fields
/// were expected and found, so nothing the LM said is lost.
/// </summary>
/// <remarks>
/// <para>Corresponds to DSPy's <c>AdapterParseError</c>.</para>
/// <para>When the adapter's fallback (e.g. <see cref="JsonAdapter"/> after <see cref="ChatAdapter"/>) was tried and failed
/// too, this exception describes the last attempt, its <see cref="Exception.InnerException"/> is the first attempt's
/// failure, and <see cref="Attempts"/> lists every attempt in order; the message quotes each attempt's reason and reply.</para>
/// </remarks>
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
        : this(adapter, signature, reply, found, failure, detail, inner, earlier: []) { }

    private AdapterParseException(string adapter, Signature signature, string reply, IReadOnlyList<string> found,
        ParseFailure failure, string? detail, Exception? inner, IReadOnlyList<AdapterParseException> earlier)
        : base(Compose(adapter, signature, reply, found, failure, detail, earlier), inner)
    {
        ArgumentNullException.ThrowIfNull(signature);
        Adapter = adapter;
        Signature = signature;
        Reply = reply;
        FoundFields = found;
        Failure = failure;
        Detail = detail;
        Attempts = [.. earlier, this];
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

    /// <summary>
    /// Every adapter's failure for this call in the order tried, ending with this one: one entry when no fallback ran,
    /// two when e.g. <see cref="ChatAdapter"/> failed and then its <see cref="JsonAdapter"/> fallback failed too.
    /// Each entry has its own <see cref="Adapter"/>, <see cref="Reply"/>, <see cref="Failure"/> and <see cref="Detail"/>.
    /// </summary>
    public IReadOnlyList<AdapterParseException> Attempts { get; }

    /// <summary>A copy of this failure reported by another adapter stage, keeping the raw reply and the original detail.</summary>
    internal AdapterParseException WithFailure(ParseFailure failure, string detail) =>
        new(Adapter, Signature, Reply, FoundFields, failure, Detail is null ? detail : $"{Detail}; {detail}", this, earlier: []);

    /// <summary>
    /// This (fallback) failure with <paramref name="first"/>'s attempts before it, so the reason and reply of the adapter
    /// that failed first are not lost behind the fallback's.
    /// </summary>
    internal AdapterParseException After(AdapterParseException first) =>
        new(Adapter, Signature, Reply, FoundFields, Failure, Detail, first, earlier: [.. first.Attempts, .. Attempts.Take(Attempts.Count - 1)]);

    private static string Compose(string adapter, Signature signature, string reply, IReadOnlyList<string> found,
        ParseFailure failure, string? detail, IReadOnlyList<AdapterParseException> earlier)
    {
        var sb = new StringBuilder();
        foreach (var attempt in earlier)
            sb.Append(Describe(attempt.Adapter, attempt.Signature, attempt.FoundFields, attempt.Failure, attempt.Detail)).Append(' ');
        if (earlier.Count > 0) sb.Append("Then its fallback: ");
        sb.Append(Describe(adapter, signature, found, failure, detail));

        var failures = earlier.Select(a => a.Failure).Append(failure).ToArray();
        var adapters = earlier.Select(a => a.Adapter).Append(adapter).ToArray();
        sb.Append(' ').Append(Advice(failures, adapters));

        foreach (var attempt in earlier)
            sb.Append('\n').Append(attempt.Adapter).Append(" reply:\n").Append(Shown(attempt.Reply));
        sb.Append('\n').Append(earlier.Count > 0 ? adapter + " reply" : "Reply").Append(":\n").Append(Shown(reply));
        return sb.ToString();
    }

    private static string Describe(string adapter, Signature signature, IReadOnlyList<string> found, ParseFailure failure, string? detail)
    {
        var expected = signature.OutputFields.Select(f => f.Name).ToArray();
        var missing = expected.Except(found).ToArray();
        var what = failure switch
        {
            // Every field can be present in a cut reply: then the last value is what the limit cut short, and naming no
            // missing field would read as a sentence with a hole in it.
            ParseFailure.Truncated when missing.Length == 0 =>
                "the LM stopped at its token limit with every field begun, so the last value is probably cut short",
            ParseFailure.Truncated => $"the LM stopped at its token limit before writing {string.Join(", ", missing)}",
            ParseFailure.MissingFields => $"the reply lacks {string.Join(", ", missing)}",
            ParseFailure.WrongType => "a value does not fit its type",
            ParseFailure.Malformed => "the reply is not well-formed",
            _ => "the reply has none of the requested structure",
        };
        return $"{adapter} could not parse the reply for '{signature}': {what}" +
               (detail is null ? "" : $" ({detail})") +
               $". Expected [{string.Join(", ", expected)}], found [{string.Join(", ", found)}].";
    }

    /// <summary>What to do, given every failure and adapter of this call: never suggests an adapter that was just tried.</summary>
    private static string Advice(IReadOnlyList<ParseFailure> failures, IReadOnlyList<string> adapters)
    {
        if (failures.Contains(ParseFailure.Truncated))
            return "Raise MaxTokens for this predictor or shorten the prompt (fewer demos, shorter context).";
        var triedJson = adapters.Contains("JsonAdapter", StringComparer.Ordinal);
        var tryJson = triedJson ? "" : ", or try JsonAdapter";
        if (failures.Zip(adapters).Any(a => a.Item1 == ParseFailure.Malformed && a.Item2 == "XmlAdapter"))
            return $"Say in the instructions that text inside tags must escape & and < (as &amp; and &lt;), give the predictor demos{tryJson}; Inspect() shows the prompt.";
        return failures.Contains(ParseFailure.WrongType)
            ? $"Say in the field's description how the value must be written (or loosen its type), give the predictor demos{tryJson}; Inspect() shows the prompt."
            : $"Look at the prompt with Inspect(), give the predictor demos{tryJson}.";
    }

    private static string Shown(string reply) => reply.Length <= 600 ? reply : reply[..600] + $"… ({reply.Length} chars in all)";
}
