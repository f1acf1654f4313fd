namespace Dspy.Fluent;

/// <summary>Where and how <see cref="OpenAIFineTuner"/> talks to an OpenAI-compatible fine-tuning API.</summary>
public sealed record OpenAIFineTunerOptions
{
    /// <summary>The API's base URL, e.g. <c>https://api.openai.com/v1</c> (files and jobs live under it).</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The API key, sent as a bearer token; never written to a message, log or report. Null sends none.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The HTTP client to use; one owned by the fine-tuner when null.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>The clock the polling waits on; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The first wait between status polls (default 5 s); each wait doubles up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan InitialPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between status polls (default 60 s).</summary>
    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for a job before giving up (default 24 h); the job itself is not cancelled.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromHours(24);
}
