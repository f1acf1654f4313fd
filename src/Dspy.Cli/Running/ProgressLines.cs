namespace Dspy.Cli.Running;

/// <summary>
/// Progress as plain lines on stderr: one when the phase changes and one per tenth of the work, so a redirected log or CI
/// output stays short and the same for the same run (no timer decides what is printed). Results go to stdout.
/// </summary>
internal sealed class ProgressLines<T>(TextWriter log, Func<T, string> describe, Func<T, (string Phase, int Done, int Total)> position) : IProgress<T>
{
    private readonly object _gate = new();
    private (string Phase, int Tenth) _last = ("\0", -1);
    private T? _pending;

    public void Report(T value)
    {
        var (phase, done, total) = position(value);
        var tenth = total > 0 ? 10 * Math.Min(done, total) / total : done;
        lock (_gate)
        {
            if ((phase, tenth) == _last) { _pending = value; return; }
            _last = (phase, tenth);
            _pending = default;
            log.WriteLine(describe(value));
        }
    }

    /// <summary>Prints the last report if it was held back, so the final count is always shown.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            if (_pending is { } last) log.WriteLine(describe(last));
            _pending = default;
        }
    }
}
