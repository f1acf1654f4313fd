using Microsoft.Extensions.Logging;

namespace Dspy.Fluent;

/// <summary>
/// An <see cref="ILogger"/> that masks secrets in everything it forwards: the formatted message, each structured
/// value, and the exception (replaced by a redacted stand-in when its text holds a secret).
/// </summary>
/// <remarks>
/// We wrap the logger rather than the middleware because M.E.AI's <c>LoggingChatClient</c> formats its messages through
/// source-generated log methods we cannot intercept; every line still passes through <see cref="ILogger.Log{TState}"/>.
/// </remarks>
internal sealed class RedactingLogger(ILogger inner, SecretRedactor redactor) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!inner.IsEnabled(logLevel)) return;
        var message = redactor.Redact(formatter(state, exception));
        var values = new List<KeyValuePair<string, object?>>();
        if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            foreach (var (key, value) in pairs)
                values.Add(new(key, value is string or null ? redactor.Redact((string?)value) : value is ValueType ? value : redactor.Redact(value.ToString())));
        inner.Log(logLevel, eventId, new RedactedState(values, message), redactor.RedactException(exception), static (s, _) => s.Message);
    }

    /// <summary>The redacted structured values plus the redacted message (as <c>{OriginalFormat}</c>'s rendering).</summary>
    private sealed class RedactedState(IReadOnlyList<KeyValuePair<string, object?>> values, string message)
        : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message { get; } = message;

        public KeyValuePair<string, object?> this[int index] => values[index];

        public int Count => values.Count;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;
    }
}
