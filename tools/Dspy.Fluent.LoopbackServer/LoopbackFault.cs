namespace Dspy.Fluent.Loopback;

/// <summary>What the loopback server does to one chat request instead of (or while) answering it.</summary>
public enum LoopbackFault
{
    /// <summary>Answer normally.</summary>
    None,

    /// <summary>Answer 429 Too Many Requests with a <c>Retry-After</c> header.</summary>
    TooManyRequests,

    /// <summary>Answer 500 Internal Server Error.</summary>
    ServerError,

    /// <summary>Send nothing until the client gives up (times out or cancels) or the server stops.</summary>
    Hang,

    /// <summary>Answer 200 with the reply cut in half: a JSON body that does not parse, or an event stream that ends early.</summary>
    Truncated,
}
