namespace Dspy.Fluent.Internal;

/// <summary>A hash that is the same in every process and on every machine (string.GetHashCode is randomised per process).</summary>
internal static class StableHash
{
    /// <summary>64-bit FNV-1a over the UTF-16 code units of <paramref name="text"/>, starting from <paramref name="seed"/> (0 for FNV's offset basis).</summary>
    public static ulong Fnv(ulong seed, string text)
    {
        var h = seed == 0 ? 14695981039346656037UL : seed;
        foreach (var c in text)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return h;
    }
}
