using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Dspy.Cli.Reading;

namespace Dspy.Cli.Inspecting;

/// <summary>Renders a saved program for <c>dspy inspect</c>.</summary>
internal static class InspectFormatter
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static string Format(SavedProgram program, OutputFormat format) => format switch
    {
        OutputFormat.Json => Json(program),
        OutputFormat.Markdown => Markdown(program),
        _ => Text(program),
    };

    private static string KindName(SavedProgramKind kind) => kind == SavedProgramKind.Dspy ? "DSPy program.save()" : "Dspy.Fluent";

    private static string Text(SavedProgram program)
    {
        var sb = new StringBuilder();
        sb.Append($"{program.Path} ({KindName(program.Kind)}, {program.Predictors.Count} predictor{(program.Predictors.Count == 1 ? "" : "s")})\n");
        foreach (var p in program.Predictors)
        {
            sb.Append($"\n== {p.Name}\n");
            sb.Append($"signature:    {p.Signature ?? "(not recorded)"}\n");
            foreach (var f in p.Fields) sb.Append($"  {f}\n");
            sb.Append($"instructions: {p.Instructions ?? "(declared)"}\n");
            sb.Append($"lm:           {(p.Lm.Count == 0 ? "(program default)" : string.Join(", ", p.Lm.Select(kv => $"{kv.Key}={kv.Value}")))}\n");
            sb.Append($"demos:        {p.Demos.Count} ({p.BootstrappedCount} bootstrapped, {p.LabeledCount} labeled)\n");
            var n = 0;
            foreach (var d in p.Demos)
            {
                sb.Append($"  [{++n}] {(d.Bootstrapped ? "bootstrapped" : "labeled")}\n");
                foreach (var (k, v) in d.Fields) sb.Append($"      {k}: {OneLine(v)}\n");
            }
        }
        return sb.ToString();
    }

    private static string Markdown(SavedProgram program)
    {
        var sb = new StringBuilder();
        sb.Append($"# `{Path.GetFileName(program.Path)}` ({KindName(program.Kind)})\n");
        foreach (var p in program.Predictors)
        {
            sb.Append($"\n## `{p.Name}`\n\n");
            sb.Append("| | |\n|---|---|\n");
            sb.Append($"| Signature | {Cell(p.Signature is null ? "(not recorded)" : $"`{p.Signature}`")} |\n");
            sb.Append($"| Instructions | {Cell(p.Instructions ?? "(declared)")} |\n");
            sb.Append($"| LM | {Cell(p.Lm.Count == 0 ? "(program default)" : string.Join(", ", p.Lm.Select(kv => $"{kv.Key}={kv.Value}")))} |\n");
            sb.Append($"| Demos | {p.Demos.Count} ({p.BootstrappedCount} bootstrapped, {p.LabeledCount} labeled) |\n");
            if (p.Fields.Count > 0)
            {
                sb.Append("\nFields:\n");
                foreach (var f in p.Fields) sb.Append($"- {f}\n");
            }
            var n = 0;
            foreach (var d in p.Demos)
            {
                sb.Append($"\n{++n}. {(d.Bootstrapped ? "bootstrapped" : "labeled")}\n");
                foreach (var (k, v) in d.Fields) sb.Append($"   - **{k}**: {OneLine(v)}\n");
            }
        }
        return sb.ToString();
    }

    private static string Json(SavedProgram program) =>
        JsonSerializer.Serialize(new
        {
            Path = program.Path,
            Format = program.Kind == SavedProgramKind.Dspy ? "dspy" : "dspy-fluent",
            Predictors = program.Predictors.Select(p => new
            {
                p.Name,
                p.Signature,
                p.Fields,
                p.Instructions,
                Lm = p.Lm.ToDictionary(kv => kv.Key, kv => kv.Value),
                Bootstrapped = p.BootstrappedCount,
                Labeled = p.LabeledCount,
                Demos = p.Demos.Select(d => new { d.Bootstrapped, Fields = d.Fields.ToDictionary(kv => kv.Key, kv => kv.Value) }),
            }),
        }, JsonOptions) + "\n";

    /// <summary>Collapses newlines so a long demo value stays on its line.</summary>
    internal static string OneLine(string value) => value.Replace("\r\n", " ⏎ ").Replace("\n", " ⏎ ");

    private static string Cell(string value) => OneLine(value).Replace("|", "\\|");
}
