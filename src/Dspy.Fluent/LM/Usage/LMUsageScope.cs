namespace Dspy.Fluent;

/// <summary>
/// Collects the usage of every LM call made on this async flow — including calls on tasks started inside it — until
/// disposed, whatever client they go through (as long as it has <see cref="UsageTrackingChatClient"/> in its pipeline).
/// Scopes nest; a call counts in every enclosing scope. Use it for per-evaluation or per-compile totals while other
/// work shares the same client.
/// </summary>
/// <example>
/// <code>
/// using var scope = LMUsageScope.Begin();
/// await Task.WhenAll(devset.Select(x => program.RunAsync(x)));
/// Console.WriteLine(scope.Summary);
/// </code>
/// </example>
public sealed class LMUsageScope : IDisposable
{
    private static readonly AsyncLocal<LMUsageScope?> Ambient = new();
    private readonly LMUsageScope? _parent;
    private bool _disposed;

    private LMUsageScope(LMUsageScope? parent) => _parent = parent;

    /// <summary>The tracker this scope records into.</summary>
    public LMUsageTracker Tracker { get; } = new();

    /// <summary>The totals so far.</summary>
    public LMUsageSummary Summary => Tracker.Summary;

    /// <summary>Starts a scope on the current async flow.</summary>
    /// <returns>The scope; dispose it to stop collecting.</returns>
    public static LMUsageScope Begin()
    {
        var scope = new LMUsageScope(Ambient.Value);
        Ambient.Value = scope;
        return scope;
    }

    /// <summary>Stops collecting (the totals stay readable).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (ReferenceEquals(Ambient.Value, this)) Ambient.Value = _parent;
    }

    /// <summary>Every live scope on the current flow, innermost first.</summary>
    internal static IEnumerable<LMUsageScope> Active()
    {
        for (var scope = Ambient.Value; scope is not null; scope = scope._parent)
            if (!scope._disposed) yield return scope;
    }
}
