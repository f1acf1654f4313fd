namespace Dspy.Fluent.Tests;

/// <summary>Builds scripted replies as field maps.</summary>
internal static class Replies
{
    public static IReadOnlyDictionary<string, object?> Of(params (string Key, object? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    /// <summary>The system message of a request.</summary>
    public static string System(this ScriptedRequest request) => request.Messages[0].Text;

    /// <summary>The last user message of a request.</summary>
    public static string User(this ScriptedRequest request) => request.Messages[^1].Text;
}
