namespace Dspy.Fluent.Orleans.Internal;

/// <summary>A worker grain's key: the silo it must run on and a slot number (one batch in flight per slot).</summary>
internal static class WorkerKey
{
    public static string For(SiloAddress silo, int slot) => $"{silo.ToParsableString()}/{slot}";

    public static SiloAddress? SiloOf(string key)
    {
        var slash = key.LastIndexOf('/');
        if (slash <= 0) return null;
        try
        {
            return SiloAddress.FromParsableString(key[..slash]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
