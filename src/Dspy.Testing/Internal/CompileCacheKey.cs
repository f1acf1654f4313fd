using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dspy.Fluent.Internal;

/// <summary>
/// The identity of a compile: a SHA-256 over a canonical text of the program's declared structure (each predictor's
/// name, kind, signature, instructions, field types, descriptions and constraints and config, plus the state it already
/// has), the trainset, the optimizer with its options and metric, and the LM's identity and settings. Any change to one
/// of them gives a new key. The structure is known without running the program, so a predictor called inside a LINQ
/// lambda counts as much as one the program is built from. The code of the program's lambdas and of the compile (the
/// optimizer's metric, a fixture's own compile method) is part of it too, through <see cref="CodeFingerprint"/>.
/// </summary>
internal static class CompileCacheKey
{
    public const string Version = "dspy-fluent-compile/2";

    public static string Compute<TIn, TOut>(Program<TIn, TOut> student, IReadOnlyList<Example> trainset, string optimizer, LMSettings settings,
        params object?[] compileCode) =>
        Hash(Describe(student, trainset, optimizer, settings, compileCode));

    /// <param name="student">The program to compile.</param>
    /// <param name="trainset">Its training examples.</param>
    /// <param name="optimizer">The optimizer's settings as text.</param>
    /// <param name="settings">The LM settings.</param>
    /// <param name="compileCode">The code that compiles (the optimizer object with its metric, the fixture's compile method),
    /// whose lambdas' IL and captured values are part of the key.</param>
    public static string Describe<TIn, TOut>(Program<TIn, TOut> student, IReadOnlyList<Example> trainset, string optimizer, LMSettings settings,
        params object?[] compileCode)
    {
        var sb = new StringBuilder();
        sb.Append(Version).Append('\n');
        sb.Append("program ").Append(typeof(TIn).FullName).Append(" -> ").Append(typeof(TOut).FullName).Append('\n');
        if (student.Predictors.Count == 0)
            throw new InvalidOperationException(
                "The program to compile declares no predictors, so a compile cache key could not tell one program from another. " +
                "Build it from predictors, capture them in its lambdas, or declare them with program.Uses(...).");
        foreach (var predictor in student.Predictors.OrderBy(p => (string)p.Name, StringComparer.Ordinal))
        {
            var s = predictor.Signature;
            sb.Append("predictor ").Append(predictor.Name).Append(" kind=").Append(predictor.Kind).Append(" signature=").Append(s.Name).Append('\n');
            sb.Append("  instructions ").Append(JsonSerializer.Serialize(s.Instructions)).Append('\n');
            foreach (var f in s.Fields)
                sb.Append(CultureInfo.InvariantCulture, $"  {f.Direction} {f.Name}: {f.Type.PythonName} desc={JsonSerializer.Serialize(f.Description)} constraints={JsonSerializer.Serialize(f.Constraints)}\n");
            var c = predictor.Config;
            sb.Append(CultureInfo.InvariantCulture, $"  config temperature={c.Temperature} max_tokens={c.MaxTokens} model={c.Model} adapter={c.Adapter?.Name}\n");
        }
        sb.Append("state ").Append(student.State.ToJson()).Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"trainset {trainset.Count}\n");
        using (var buffer = new MemoryStream())
        {
            foreach (var example in trainset)
            {
                buffer.SetLength(0);
                using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                    ExampleJson.Write(w, example, sortKeys: true);
                sb.Append("  ").Append(Encoding.UTF8.GetString(buffer.ToArray())).Append('\n');
            }
        }
        sb.Append("optimizer ").Append(optimizer).Append('\n');
        sb.Append("program code\n").Append(CodeFingerprint.Describe(student));
        foreach (var code in compileCode) sb.Append("compile code\n").Append(CodeFingerprint.Describe(code));
        var lm = LMIdentity.Of(settings.Client);
        sb.Append(CultureInfo.InvariantCulture,
            $"lm provider={lm.Provider} model={lm.Model} requested_model={settings.Model} temperature={settings.Temperature} max_tokens={settings.MaxTokens} adapter={settings.Adapter.Name} rollout={settings.RolloutId}\n");
        return sb.ToString();
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
