using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dspy.Fluent;

/// <summary>Adds <see cref="ILogger"/> logging of LM calls, with secrets masked, to a <see cref="ChatClientBuilder"/>.</summary>
public static class DspyLoggingChatClientBuilderExtensions
{
    /// <summary>
    /// Adds M.E.AI's <see cref="LoggingChatClient"/> (calls, completions and failures at Debug; full requests and replies
    /// at Trace) writing through a logger that masks secrets in every message, structured value and exception.
    /// </summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="loggerFactory">Where logs go; resolved from services when null. With none (or a null factory) nothing is added.</param>
    /// <param name="configure">Adjusts the client.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// What counts as a secret is decided by <see cref="SecretRedactor.For"/>: the pipeline's own redactor (the
    /// connector's key, <c>UseSecretRedactor</c>) plus one registered in the build's services. Trace-level logs contain prompts and replies; keep Trace off in production.
    /// </remarks>
    /// <example>
    /// <code>
    /// using var loggers = LoggerFactory.Create(b => b.AddConsole().SetMinimumLevel(LogLevel.Debug));
    /// IChatClient lm = new ChatClientBuilder(provider).UseDspyLogging(loggers).UseDspyCache().Build();
    /// </code>
    /// </example>
    public static ChatClientBuilder UseDspyLogging(this ChatClientBuilder builder, ILoggerFactory? loggerFactory = null, Action<LoggingChatClient>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            var loggers = loggerFactory ?? services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            if (loggers == NullLoggerFactory.Instance) return inner; // same as M.E.AI's UseLogging: nothing to log to
            var redactor = SecretRedactor.For(inner, services);
            var client = new LoggingChatClient(inner, new RedactingLogger(loggers.CreateLogger(typeof(LoggingChatClient)), redactor));
            configure?.Invoke(client);
            return client;
        });
    }
}
