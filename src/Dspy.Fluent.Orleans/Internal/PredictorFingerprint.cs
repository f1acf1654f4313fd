using System.Security.Cryptography;
using System.Text;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent.Orleans.Internal;

/// <summary>
/// A declared predictor as the client's program has it: name, kind, and a hash of its signature (text, instructions,
/// field descriptions) and configuration. A silo compares its own build's against these before it applies the shipped
/// state, so a silo running another build of the program fails the batch instead of scoring a different program.
/// </summary>
internal sealed record PredictorFingerprint(string Name, string Kind, string Hash)
{
    public static IReadOnlyList<PredictorFingerprint> Of(IProgram program) =>
        [.. program.Structure.Predictors.Select(p => new PredictorFingerprint(p.Name.ToString(), p.Kind.ToString(), HashOf(p)))];

    /// <summary>Throws when <paramref name="program"/> (the silo's build) does not declare exactly <paramref name="shipped"/>.</summary>
    public static void Check(IProgram program, IReadOnlyList<PredictorFingerprint> shipped, string name, string silo)
    {
        var local = Of(program);
        if (local.SequenceEqual(shipped)) return;
        var problems = new List<string>();
        foreach (var s in shipped)
        {
            var l = local.FirstOrDefault(p => p.Name == s.Name);
            if (l is null) problems.Add($"the client's predictor '{s.Name}' ({s.Kind}) is not declared here");
            else if (l.Kind != s.Kind) problems.Add($"predictor '{s.Name}' is {s.Kind} on the client but {l.Kind} here");
            else if (l.Hash != s.Hash) problems.Add($"predictor '{s.Name}' has another signature or configuration here");
        }
        foreach (var l in local.Where(l => shipped.All(s => s.Name != l.Name)))
            problems.Add($"predictor '{l.Name}' ({l.Kind}) is declared here but not on the client");
        if (problems.Count == 0) problems.Add("the predictors are declared in another order");
        throw new InvalidOperationException(
            $"Silo {silo} runs a different build of the Dspy program '{name}' than the client: {string.Join("; ", problems)}. " +
            "Deploy the same program build to the client and every silo.");
    }

    private static string HashOf(IPredictor p)
    {
        // The saved-state format already writes a signature completely (text, instructions, descriptions).
        var signature = ProgramStateJson.Write(ProgramState.Empty.With(p.Name.ToString(), new PredictorState { Signature = p.Signature }));
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(signature + "\n" + p.Config));
        return Convert.ToHexStringLower(bytes.AsSpan(0, 8));
    }
}
