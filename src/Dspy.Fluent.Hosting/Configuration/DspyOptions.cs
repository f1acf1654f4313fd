namespace Dspy.Fluent;

/// <summary>
/// The <c>"Dspy"</c> configuration section that <see cref="DspyServiceCollectionExtensions.AddDspy(Microsoft.Extensions.DependencyInjection.IServiceCollection)"/>
/// binds: which LM, its key, sampling settings, the response cache, retries, rate limit and concurrency.
/// </summary>
/// <remarks>
/// <para>A mutable class because the Options pattern binds configuration into it and lets
/// <see cref="DspyBuilder.Configure(Action{DspyOptions})"/> adjust it afterwards; the library reads it once, at start-up,
/// into the immutable <see cref="LMSettings"/> and <see cref="LMConnectOptions"/> it registers.</para>
/// <para>Every value is checked at start-up and every problem is reported in one
/// <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>, e.g.
/// <c>Dspy:Cache:Kind 'sqlit' is not a cache kind; use one of: none, memory, sqlite, redis, distributed</c>.</para>
/// </remarks>
/// <example>
/// <code>
/// // appsettings.json
/// {
///   "Dspy": {
///     "Lm": "openai:gpt-4o-mini",
///     "ApiKey": "(from user secrets or a vault, not from the file)",
///     "Temperature": 0,
///     "MaxTokens": 512,
///     "Concurrency": 8,
///     "Cache": { "Kind": "sqlite", "Path": "lm-cache.sqlite" },
///     "Retries": { "MaxAttempts": 4, "MaxTotalWait": "00:01:00" },
///     "RateLimit": { "RequestsPerMinute": 500 }
///   }
/// }
/// </code>
/// </example>
public sealed class DspyOptions
{
    /// <summary>The configuration section bound by default: <c>Dspy</c>.</summary>
    public const string SectionName = "Dspy";

    /// <summary>
    /// The LM as an <c>--lm</c> spec (see <see cref="LMSpec"/>), e.g. <c>openai:gpt-4o-mini</c>,
    /// <c>openai:llama3@http://127.0.0.1:8000/v1</c> or <c>simulated</c>. Leave it unset when the application registers its
    /// own <c>IChatClient</c> with <c>services.AddChatClient(...)</c>; setting both is an error, so it is always clear which LM runs.
    /// </summary>
    public string? Lm { get; set; }

    /// <summary>
    /// The API key for <see cref="Lm"/>, or null to let the connector read its environment variable (<c>OPENAI_API_KEY</c>).
    /// It is handed to the connector through <see cref="LMConnectOptions.ApiKey"/> and registered for masking with the
    /// client's <see cref="SecretRedactor"/>, so it never appears in logs, traces or exception messages. Keep it out of
    /// checked-in files: user secrets, environment variables (<c>Dspy__ApiKey</c>) or a vault are all configuration sources.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Sampling temperature for every call, or null for the provider's default; 0 or more.</summary>
    public float? Temperature { get; set; }

    /// <summary>Maximum tokens in a reply, or null for the provider's default; 1 or more.</summary>
    public int? MaxTokens { get; set; }

    /// <summary>How long one HTTP request may take before the connector gives up, or null for the SDK's default (100 s).</summary>
    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>
    /// The deadline for one attempt of an LM call (<c>UseLMTimeout</c>), or null for none beyond <see cref="RequestTimeout"/>.
    /// A timed-out attempt is retried like a network error.
    /// </summary>
    public TimeSpan? CallTimeout { get; set; }

    /// <summary>
    /// At most this many LM calls in flight at once through the registered client (cache hits do not count), or null for
    /// no limit; 1 or more. Calls beyond it wait their turn, so a burst of requests to the service does not become a burst
    /// of 429s from the provider.
    /// </summary>
    public int? Concurrency { get; set; }

    /// <summary>Whether LM calls are logged through the application's <c>ILoggerFactory</c> (Debug; prompts and replies at Trace). On by default.</summary>
    public bool Logging { get; set; } = true;

    /// <summary>Whether LM calls produce OpenTelemetry spans and metrics (GenAI conventions plus <c>dspy.*</c> attributes). On by default; without a listener it costs nothing.</summary>
    public bool Telemetry { get; set; } = true;

    /// <summary>The response cache; <c>memory</c> by default, as DSPy caches by default.</summary>
    public DspyCacheOptions Cache { get; set; } = new();

    /// <summary>Retries of transient failures (429, 5xx, timeouts, network errors).</summary>
    public DspyRetryOptions Retries { get; set; } = new();

    /// <summary>A client-side rate limit; none unless a limit is set.</summary>
    public DspyRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Keys that are no setting and values that do not convert, found while binding; reported by the validator.</summary>
    internal List<string> ConfigurationProblems { get; } = [];
}
