namespace Dspy.Fluent.Loopback;

/// <summary>
/// Which fraction of chat requests get each fault. Faults are dealt per block of 100 consecutive requests: in each
/// block exactly <c>round(fraction × 100)</c> requests get each fault, at positions shuffled by <see cref="Seed"/>.
/// So over any multiple of 100 requests the counts are exact, and the same seed deals the same sequence.
/// </summary>
public sealed record LoopbackFaults
{
    /// <summary>No faults.</summary>
    public static LoopbackFaults None { get; } = new();

    /// <summary>Fraction of requests answered 429 with <c>Retry-After</c>.</summary>
    public double TooManyRequests { get; init; }

    /// <summary>Fraction of requests answered 500.</summary>
    public double ServerError { get; init; }

    /// <summary>Fraction of requests that hang until the client gives up.</summary>
    public double Hang { get; init; }

    /// <summary>Fraction of requests answered with a truncated body.</summary>
    public double Truncated { get; init; }

    /// <summary>Seeds the positions of the faults in each block.</summary>
    public int Seed { get; init; }

    /// <summary>The <c>Retry-After</c> sent with a 429, in whole seconds (rounded up); 1 second by default.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The fraction of requests that get any fault.</summary>
    public double Total => TooManyRequests + ServerError + Hang + Truncated;

    internal void Validate()
    {
        foreach (var (name, value) in new[] { (nameof(TooManyRequests), TooManyRequests), (nameof(ServerError), ServerError), (nameof(Hang), Hang), (nameof(Truncated), Truncated) })
            if (value is < 0 or > 1 || double.IsNaN(value))
                throw new ArgumentOutOfRangeException(name, value, $"LoopbackFaults.{name} is a fraction of requests and must be between 0 and 1.");
        if (Total > 1 + 1e-9)
            throw new ArgumentException($"The fault fractions add up to {Total:0.###}, more than every request; lower them so they sum to at most 1.");
        if (RetryAfter < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(RetryAfter), RetryAfter, "LoopbackFaults.RetryAfter cannot be negative.");
    }
}
