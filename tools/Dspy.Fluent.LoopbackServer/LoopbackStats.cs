namespace Dspy.Fluent.Loopback;

/// <summary>What a <see cref="LoopbackServer"/> has counted so far (chat requests only; <c>/v1/models</c>, <c>/api/tags</c> and <c>/stats</c> are not counted).</summary>
public sealed record LoopbackStats
{
    /// <summary>Chat requests received.</summary>
    public int Requests { get; init; }

    /// <summary>Chat requests being handled right now (including hanging ones).</summary>
    public int InFlight { get; init; }

    /// <summary>The most chat requests ever handled at once.</summary>
    public int MaxInFlight { get; init; }

    /// <summary>Requests answered with a complete reply.</summary>
    public int Succeeded { get; init; }

    /// <summary>Requests answered 429 by fault injection.</summary>
    public int TooManyRequests { get; init; }

    /// <summary>Requests answered 500 by fault injection.</summary>
    public int ServerErrors { get; init; }

    /// <summary>Requests an injected hang is holding right now: read and parsed, never to be answered.</summary>
    public int Holding { get; init; }

    /// <summary>Requests that hung by fault injection and have ended (the client gave up).</summary>
    public int Hung { get; init; }

    /// <summary>Requests answered with a truncated body by fault injection.</summary>
    public int Truncated { get; init; }

    /// <summary>Requests whose backend threw (answered 500 with the backend's message).</summary>
    public int BackendErrors { get; init; }

    /// <summary>Requests whose body was not a valid chat request (answered 400).</summary>
    public int BadRequests { get; init; }

    /// <summary>Requests answered 401 because <see cref="LoopbackServerOptions.RejectAndEchoKeys"/> is on.</summary>
    public int Unauthorized { get; init; }

    /// <summary>Requests the client abandoned before the answer was written (other than hangs).</summary>
    public int Abandoned { get; init; }
}
