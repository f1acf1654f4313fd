namespace Dspy.Fluent.Loopback;

/// <summary>How a <see cref="LoopbackServer"/> listens and misbehaves. Immutable.</summary>
public sealed record LoopbackServerOptions
{
    /// <summary>The defaults: a random free port, no latency, no faults.</summary>
    public static LoopbackServerOptions Default { get; } = new();

    /// <summary>The TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>A fixed delay before each chat request is answered (or faulted), as a remote LM's latency.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>The clock behind <see cref="Latency"/>; a fake one lets a test release delayed requests by advancing it.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Injected faults; none by default.</summary>
    public LoopbackFaults Faults { get; init; } = LoopbackFaults.None;

    /// <summary>When set, streamed replies are re-cut into pieces of this many characters (a backend that answers in one piece still streams).</summary>
    public int? StreamChunkCharacters { get; init; }

    /// <summary>The model ids listed by <c>GET /v1/models</c> and <c>GET /api/tags</c>; empty lists the backend's default model (or <c>loopback</c>).</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>How the fake fine-tuning jobs (<c>/v1/files</c>, <c>/v1/fine_tuning/jobs</c>) behave.</summary>
    public LoopbackFineTuning FineTuning { get; init; } = LoopbackFineTuning.Default;

    /// <summary>
    /// When true, every chat request is answered 401 with a body that repeats the bearer token it came with, as some
    /// providers do ("Incorrect API key provided: …"): the worst case for keeping a key out of errors, logs and reports.
    /// </summary>
    public bool RejectAndEchoKeys { get; init; }

    /// <summary>How many recent request bodies <see cref="LoopbackServer.RequestBodies"/> keeps.</summary>
    public int RequestBodyCapacity { get; init; } = 256;
}
