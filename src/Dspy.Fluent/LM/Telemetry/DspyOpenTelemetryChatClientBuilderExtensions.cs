using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dspy.Fluent;

/// <summary>Adds OpenTelemetry tracing and metrics (GenAI semantic conventions, plus <c>dspy.*</c> attributes) to a <see cref="ChatClientBuilder"/>.</summary>
public static class DspyOpenTelemetryChatClientBuilderExtensions
{
    /// <summary>The meter name of this library's own metrics (<c>dspy.client.cache.hits</c>, <c>dspy.client.retries</c>); add it to your meter provider.</summary>
    public const string MeterName = DspyTelemetryChatClient.MeterName;

    /// <summary>
    /// Adds M.E.AI's <see cref="OpenTelemetryChatClient"/> (a <c>chat {model}</c> span per call with the GenAI semantic
    /// conventions' attributes, and the <c>gen_ai.client.*</c> metrics), with secrets masked and with this library's
    /// attributes on each span: <c>dspy.predictor</c>, <c>dspy.rollout_id</c>, <c>dspy.cache_hit</c>, <c>dspy.retries</c>,
    /// <c>dspy.retry_wait_ms</c>.
    /// </summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="loggerFactory">For the telemetry client's own log events; resolved from services when null.</param>
    /// <param name="sourceName">The <c>ActivitySource</c> and <c>Meter</c> name; M.E.AI's default when null.</param>
    /// <param name="configure">Adjusts the client (e.g. <c>EnableSensitiveData</c>, off by default: no prompt or reply text in spans).</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// <para>Place it first (outermost), so the span covers cache, retries and waits, and shows hits as hits.</para>
    /// <para>The GenAI semantic conventions are still experimental; attribute names may change with M.E.AI releases.</para>
    /// <para>Secrets are masked with <see cref="SecretRedactor.For"/>: the pipeline's own redactor plus one registered in the build's services.</para>
    /// </remarks>
    /// <example>
    /// <code>
    /// using var tracing = Sdk.CreateTracerProviderBuilder().AddSource("Experimental.Microsoft.Extensions.AI").AddConsoleExporter().Build();
    /// IChatClient lm = new ChatClientBuilder(provider).UseDspyOpenTelemetry().UseDspyCache().Build();
    /// </code>
    /// </example>
    public static ChatClientBuilder UseDspyOpenTelemetry(this ChatClientBuilder builder, ILoggerFactory? loggerFactory = null, string? sourceName = null,
        Action<OpenTelemetryChatClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            var redactor = SecretRedactor.For(inner, services);
            var loggers = loggerFactory ?? services.GetService<ILoggerFactory>();
            var enricher = new DspyTelemetryChatClient(inner, redactor);
            var logger = loggers is null ? null : new RedactingLogger(loggers.CreateLogger(typeof(OpenTelemetryChatClient)), redactor);
            var client = new OpenTelemetryChatClient(enricher, logger, sourceName);
            enricher.SourceName = client.GetService<System.Diagnostics.ActivitySource>()?.Name;
            configure?.Invoke(client);
            return client;
        });
    }
}
