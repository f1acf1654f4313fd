namespace Dspy.Fluent;

/// <summary>
/// The prompt did not fit the model's context window. ReAct answers it by dropping the oldest steps of its
/// trajectory and retrying; anything else lets it surface.
/// </summary>
/// <remarks>
/// <para>Corresponds to DSPy's <c>ContextWindowExceededError</c>. A chat client or middleware may throw it to say so
/// precisely. Provider errors are recognised too, without it: an exception (or an inner one) whose message carries
/// <c>context_length_exceeded</c> (OpenAI's error code), <c>maximum context length</c>, <c>context window</c>,
/// <c>context length</c>, <c>prompt is too long</c> (Anthropic), <c>input is too long</c> or
/// <c>exceeds the maximum number of tokens</c> (Gemini). Rate-limit errors ("tokens per minute") are not matched.</para>
/// </remarks>
public sealed class ContextWindowExceededException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ContextWindowExceededException() : base("The prompt exceeded the model's context window.") { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What did not fit, and what to do.</param>
    public ContextWindowExceededException(string message) : base(message) { }

    /// <summary>Creates the exception around the provider error that signalled it.</summary>
    /// <param name="message">What did not fit, and what to do.</param>
    /// <param name="inner">The provider's error.</param>
    public ContextWindowExceededException(string message, Exception? inner) : base(message, inner) { }

    /// <summary>Whether <paramref name="error"/> (or an exception inside it) says the prompt exceeded the context window.</summary>
    /// <param name="error">An exception from an LM call.</param>
    public static bool IsContextWindowError(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is ContextWindowExceededException) return true;
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsContextWindowError)) return true;
            var message = e.Message;
            foreach (var marker in Markers)
                if (message.Contains(marker, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    private static readonly string[] Markers =
    [
        "context_length_exceeded", "maximum context length", "context window", "context length",
        "prompt is too long", "input is too long", "exceeds the maximum number of tokens",
    ];
}
