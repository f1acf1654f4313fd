namespace Dspy.Fluent.Examples.WebApi;

/// <summary>The reply of <c>POST /ask</c>.</summary>
/// <param name="Answer">The program's answer.</param>
/// <param name="Lm">The LM spec the service runs on, e.g. <c>simulated</c>.</param>
/// <param name="Note">Set when the LM is the simulated one: it is a deterministic stand-in, not a model.</param>
public sealed record AskResponse(string Answer, string Lm, string? Note);
