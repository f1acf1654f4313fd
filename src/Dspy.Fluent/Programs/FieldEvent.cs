namespace Dspy.Fluent;

/// <summary>Field text from a streaming predictor call, on its way to <see cref="StreamUpdate{TOut}"/>.</summary>
internal sealed record FieldEvent(string Predictor, string Field, string Delta, bool Completed, object? Value);
