using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dspy.Fluent;

/// <summary>
/// Checks what a proposer LM returned before it becomes a candidate instruction: surrounding quotes and a leading label
/// such as <c>Proposed instruction:</c> are dropped; an empty reply, a JSON value, a reply that still holds adapter
/// field markers, or one longer than the limit is rejected with the reason.
/// </summary>
internal static partial class ProposedInstruction
{
    /// <summary>Instructions longer than this are rejected: a proposer that pastes its whole input back is not proposing.</summary>
    public const int MaxLength = 4000;

    /// <summary>The cleaned instruction, or null with the reason it is not one.</summary>
    public static (string? Instruction, string? Rejection) Check(string? reply)
    {
        var text = (reply ?? "").Trim();
        text = Label().Replace(text, "").Trim();
        if (text.Length >= 2 && text[0] == text[^1] && text[0] is '"' or '\'' or '`') text = text[1..^1].Trim();
        if (text.Length == 0) return (null, "the proposer's reply is empty");
        if (text[0] is '{' or '[' && IsJson(text)) return (null, $"the proposer replied with a JSON value, not an instruction: {Shorten(text)}");
        if (text.Contains("[[ ## ", StringComparison.Ordinal)) return (null, $"the proposer's reply still holds field markers: {Shorten(text)}");
        if (text.Length > MaxLength) return (null, $"the proposed instruction has {text.Length} characters (limit {MaxLength})");
        return (text, null);
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    /// <summary>A leading label that names the instruction, e.g. <c>**Proposed Instruction:**</c> (DSPy strips such prefixes too).</summary>
    [GeneratedRegex(@"^[\*\s]*(?:new |improved |proposed )?instructions?\s*:\**\s*", RegexOptions.IgnoreCase)]
    private static partial Regex Label();
}
