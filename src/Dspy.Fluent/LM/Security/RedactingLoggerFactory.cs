using Microsoft.Extensions.Logging;

namespace Dspy.Fluent.LM;

/// <summary>Hands out <see cref="RedactingLogger"/>s over another factory's loggers; disposing it leaves the wrapped factory alone.</summary>
internal sealed class RedactingLoggerFactory(ILoggerFactory inner, SecretRedactor redactor) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName), redactor);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() { }
}
