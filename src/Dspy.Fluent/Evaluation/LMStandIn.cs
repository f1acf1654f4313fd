namespace Dspy.Fluent;

/// <summary>
/// What a client that is not a language model (a simulator, a scripted fake) answers to <c>GetService&lt;LMStandIn&gt;()</c>,
/// so every report says plainly that its scores are not a model's (<see cref="LMIdentity.StandIn"/>).
/// </summary>
/// <param name="Description">What the stand-in is, for reports, e.g. <c>scripted replies, not a language model</c>.</param>
/// <example>
/// <code>
/// public override object? GetService(Type serviceType, object? serviceKey = null) =>
///     serviceType == typeof(LMStandIn) ? new LMStandIn("canned replies, not a language model") : null;
/// </code>
/// </example>
public sealed record LMStandIn(string Description);
