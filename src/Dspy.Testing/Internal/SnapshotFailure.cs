using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Dspy.Fluent.Internal;

/// <summary>
/// The text of a prompt-snapshot failure: a unified diff per predictor, where the new prompts were written, and the
/// command that accepts them, instead of Snapshooter's "Strings differ (pos 1066)".
/// </summary>
internal static class SnapshotFailure
{
    private const int Context = 3;

    /// <summary>The message for a snapshot that exists but differs; null when the reviewed file cannot be read as prompts.</summary>
    public static string? ForMismatch(string snapshotPath, string mismatchPath, IReadOnlyList<PredictorPrompt> now)
    {
        var reviewed = TryRead(snapshotPath);
        if (reviewed is null) return null;
        var sb = new StringBuilder();
        var changed = 0;
        var body = new StringBuilder();
        var names = reviewed.Select(p => p.Predictor).Concat(now.Select(p => p.Predictor)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            var before = reviewed.FirstOrDefault(p => p.Predictor == name);
            var after = now.FirstOrDefault(p => p.Predictor == name);
            var oldLines = before is null ? [] : Lines(before);
            var newLines = after is null ? [] : Lines(after);
            var hunks = UnifiedDiff.Format(oldLines, newLines, Context);
            if (hunks.Length == 0) continue;
            changed++;
            var kind = (after ?? before)!.Kind;
            var status = before is null ? ", new predictor" : after is null ? ", removed" : "";
            body.Append(CultureInfo.InvariantCulture, $"=== {name} ({kind}{status}) ===\n");
            body.Append("--- reviewed ").Append(Path.GetFileName(snapshotPath)).Append('\n');
            body.Append("+++ now\n");
            body.Append(hunks).Append('\n');
        }
        // Equal renderings but unequal files: only the JSON layout differs (e.g. a hand-edited snapshot). Let Snapshooter's message stand.
        if (changed == 0) return null;
        sb.Append(CultureInfo.InvariantCulture,
            $"The compiled prompts differ from the reviewed snapshot in {changed} of {names.Count} predictor{(names.Count == 1 ? "" : "s")}.\n\n");
        sb.Append(body);
        AppendHowToAccept(sb, snapshotPath, mismatchPath);
        return sb.ToString();
    }

    /// <summary>The message when strict mode (CI) finds no reviewed snapshot.</summary>
    public static string ForMissing(string snapshotPath, string mismatchPath)
    {
        var sb = new StringBuilder();
        sb.Append("There is no reviewed prompt snapshot at ").Append(snapshotPath).Append(", and SNAPSHOOTER_STRICT_MODE is on, so it is not created here.\n");
        sb.Append("Run the test once without strict mode (locally) to write it, review the prompts in it, and commit it with the test.\n");
        if (File.Exists(mismatchPath))
        {
            sb.Append('\n');
            AppendHowToAccept(sb, snapshotPath, mismatchPath);
        }
        return sb.ToString();
    }

    private static void AppendHowToAccept(StringBuilder sb, string snapshotPath, string mismatchPath)
    {
        sb.Append("The new prompts were written to ").Append(mismatchPath).Append('\n');
        sb.Append("If the change is intended, review the diff and accept it (it replaces the reviewed snapshot; commit that file with the change):\n");
        sb.Append("  dspy snapshots accept ").Append(Quote(mismatchPath)).Append('\n');
        sb.Append("or, without the tool:\n");
        sb.Append(OperatingSystem.IsWindows() ? "  move /Y " : "  mv ").Append(Quote(mismatchPath)).Append(' ').Append(Quote(snapshotPath)).Append('\n');
    }

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;

    /// <summary>One predictor's prompt as the lines <see cref="PromptSnapshot.RenderText{TIn, TOut}"/> prints for it.</summary>
    public static string[] Lines(PredictorPrompt prompt)
    {
        var lines = new List<string>();
        if (prompt.Signature.Length > 0) lines.Add("signature: " + prompt.Signature);
        lines.AddRange(prompt.Settings);
        foreach (var message in prompt.Messages)
        {
            lines.Add($"--- {message.Role} ---");
            lines.AddRange(message.Lines);
        }
        return [.. lines];
    }

    private static List<PredictorPrompt>? TryRead(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<List<PredictorPrompt>>(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
