namespace Dspy.Fluent;

/// <summary>Why an example's run has no score: where it failed, the exception's type name and its message.</summary>
/// <param name="Stage">Where it failed.</param>
/// <param name="Type">The exception's type name, e.g. <c>LMCallFailedException</c>.</param>
/// <param name="Message">The exception's message (already masked of secrets by the LM pipeline).</param>
/// <remarks>Plain text so it travels between machines unchanged; the exception itself stays where it was thrown.</remarks>
/// <example>
/// <code>
/// var error = ExampleError.From(ExampleErrorStage.Program, new TimeoutException("no reply in 30 s"));
/// Console.WriteLine(error); // TimeoutException: no reply in 30 s
/// </code>
/// </example>
public sealed record ExampleError(ExampleErrorStage Stage, string Type, string Message)
{
    /// <summary>Describes <paramref name="exception"/> (a lone inner exception of an <see cref="AggregateException"/> stands for it).</summary>
    /// <param name="stage">Where it failed.</param>
    /// <param name="exception">What was thrown.</param>
    public static ExampleError From(ExampleErrorStage stage, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var inner = exception is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerException! : exception;
        return new ExampleError(stage, inner.GetType().Name, inner.Message);
    }

    /// <summary><c>Type: Message</c>.</summary>
    public override string ToString() => $"{Type}: {Message}";
}
