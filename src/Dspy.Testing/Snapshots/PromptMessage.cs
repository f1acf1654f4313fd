namespace Dspy.Fluent;

/// <summary>One chat message of a rendered prompt, line by line so a snapshot diff reads like the prompt.</summary>
/// <param name="Role">system, user or assistant.</param>
/// <param name="Lines">The message text split at line breaks.</param>
public sealed record PromptMessage(string Role, IReadOnlyList<string> Lines);
