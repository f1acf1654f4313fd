namespace Dspy.Fluent.Examples.WebApi;

/// <summary>The body of <c>POST /ask</c>.</summary>
/// <param name="Question">The question, e.g. about an entity of the synthetic world.</param>
public sealed record AskRequest(string? Question);
