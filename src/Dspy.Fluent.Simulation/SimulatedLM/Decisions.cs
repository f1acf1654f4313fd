namespace Dspy.Fluent.Simulation;

/// <summary>
/// Seeded coin flips for one request: each named decision gets its own uniform number from a hash of the request
/// (model, messages, rollout id, temperature), so the same prompt always gets the same reply and a new rollout id
/// re-draws every decision.
/// </summary>
internal sealed class Decisions(ulong seed)
{
    public double Uniform(string decision)
    {
        var h = Fnv(seed, decision);
        // Finaliser from SplitMix64 spreads FNV's low-entropy high bits.
        h ^= h >> 30; h *= 0xbf58476d1ce4e5b9UL; h ^= h >> 27; h *= 0x94d049bb133111ebUL; h ^= h >> 31;
        return (h >> 11) * (1.0 / (1UL << 53));
    }

    public bool Chance(string decision, double probability) => Uniform(decision) < probability;

    public int Pick(string decision, int count) => count <= 1 ? 0 : Math.Min(count - 1, (int)(Uniform(decision) * count));

    public static ulong Fnv(ulong seed, string text) => Internal.StableHash.Fnv(seed, text);
}
