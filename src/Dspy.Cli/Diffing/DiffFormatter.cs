using System.Text;
using Dspy.Cli.Inspecting;
using Dspy.Cli.Reading;

namespace Dspy.Cli.Diffing;

/// <summary>Renders a <see cref="ProgramDiff"/> as terminal text (git word-diff markers) or markdown for a PR comment.</summary>
internal static class DiffFormatter
{
    public static string Format(ProgramDiff diff, OutputFormat format)
    {
        var md = format == OutputFormat.Markdown;
        var sb = new StringBuilder();
        // File names only: temp or CI paths would make the PR comment (and its snapshot) differ run to run.
        var (a, b) = (Path.GetFileName(diff.Old.Path), Path.GetFileName(diff.New.Path));
        sb.Append(md ? $"## dspy diff `{a}` → `{b}`\n\n" : $"dspy diff {diff.Old.Path} -> {diff.New.Path}\n");
        if (diff.IsEmpty)
        {
            sb.Append("No differences.\n");
            return sb.ToString();
        }
        sb.Append($"{diff.Predictors.Count} predictor{(diff.Predictors.Count == 1 ? "" : "s")} changed.\n");
        foreach (var p in diff.Predictors) Predictor(sb, p, md);
        return sb.ToString();
    }

    private static void Predictor(StringBuilder sb, PredictorDiff p, bool md)
    {
        sb.Append(md ? $"\n### `{p.Name}`\n\n" : $"\n== {p.Name}\n");
        if (p.Old is null) { sb.Append(Line(md, $"added predictor ({Count(p.New!)})")); return; }
        if (p.New is null) { sb.Append(Line(md, $"removed predictor ({Count(p.Old)})")); return; }
        if (p.SignatureChanged) sb.Append(Line(md, $"signature: {Code(md, p.Old.Signature ?? "(not recorded)")} → {Code(md, p.New.Signature ?? "(not recorded)")}"));
        foreach (var f in p.FieldsRemoved) sb.Append(Line(md, $"field removed: {f}"));
        foreach (var f in p.FieldsAdded) sb.Append(Line(md, $"field added: {f}"));
        if (p.Instructions is { } words) sb.Append(Line(md, $"instructions: {Words(words, md)}"));
        if (p.LmChanged) sb.Append(Line(md, $"lm: {Lm(p.Old)} → {Lm(p.New)}"));
        if (p.Demos.Count > 0 || p.DemoOrderChanged)
        {
            var added = p.Demos.Count(d => d.Old is null);
            var removed = p.Demos.Count(d => d.New is null);
            var changed = p.Demos.Count - added - removed;
            sb.Append(Line(md, $"demos: {added} added, {removed} removed, {changed} changed{(p.DemoOrderChanged ? ", reordered" : "")} (was {Count(p.Old)}; now {Count(p.New)})"));
            foreach (var d in p.Demos) Demo(sb, d, md);
        }
    }

    private static void Demo(StringBuilder sb, DemoChange d, bool md)
    {
        var (sign, label, demo) = d switch
        {
            { Old: null } => ("+", "added", d.New!),
            { New: null } => ("-", "removed", d.Old!),
            _ => ("~", "changed", d.New!),
        };
        sb.Append(md ? $"  - **{label}** {Kind(demo)} demo `{InspectFormatter.OneLine(d.Old?.Key ?? demo.Key)}`\n" : $"  {sign} {label} {Kind(demo)} demo\n");
        if (d.Old is not null && d.New is not null)
        {
            var oldFields = d.Old.Fields.ToDictionary(kv => kv.Key, kv => kv.Value);
            if (d.Old.Bootstrapped != d.New.Bootstrapped) sb.Append(Field(md, "(kind)", $"{Kind(d.Old)} → {Kind(d.New)}"));
            foreach (var (k, v) in d.New.Fields)
            {
                if (!oldFields.TryGetValue(k, out var was)) sb.Append(Field(md, k, $"(new) {v}"));
                else if (was != v) sb.Append(Field(md, k, Words(WordDiff.Compute(was, v), md)));
            }
            foreach (var k in oldFields.Keys.Except(d.New.Fields.Select(kv => kv.Key))) sb.Append(Field(md, k, "(removed)"));
            return;
        }
        foreach (var (k, v) in demo.Fields) sb.Append(Field(md, k, v));
    }

    private static string Field(bool md, string key, string value) =>
        md ? $"    - {key}: {InspectFormatter.OneLine(value)}\n" : $"      {key}: {InspectFormatter.OneLine(value)}\n";

    private static string Line(bool md, string text) => md ? $"- {text}\n" : $"  {text}\n";

    private static string Code(bool md, string text) => md ? $"`{text}`" : text;

    private static string Kind(SavedDemo d) => d.Bootstrapped ? "bootstrapped" : "labeled";

    private static string Count(SavedPredictor p) => $"{p.BootstrappedCount} bootstrapped + {p.LabeledCount} labeled";

    private static string Lm(SavedPredictor p) => p.Lm.Count == 0 ? "(program default)" : string.Join(", ", p.Lm.Select(kv => $"{kv.Key}={kv.Value}"));

    // git's --word-diff markers on a terminal; strike-through/bold in markdown, which GitHub renders inline.
    private static string Words(IReadOnlyList<WordDiffPiece> pieces, bool md) =>
        string.Concat(pieces.Select(p => (p.Kind, md) switch
        {
            (WordDiffKind.Same, _) => p.Text,
            (WordDiffKind.Deleted, true) => $"~~{p.Text}~~",
            (WordDiffKind.Inserted, true) => $"**{p.Text}**",
            (WordDiffKind.Deleted, false) => $"[-{p.Text}-]",
            _ => $"{{+{p.Text}+}}",
        }));
}
