namespace Dspy.Fluent.Internal;

/// <summary>
/// Progress as plain lines (for <see cref="ConsoleProgress"/> when the log is redirected): one when the phase changes and one
/// each time the work crosses a tenth, so a CI log stays short. Whether a report is printed depends only on its own phase and
/// count, never on a timer or on which report arrived first, so the same run prints the same lines.
/// </summary>
internal sealed class ProgressLines<T>(TextWriter log, Func<T, string> describe, Func<T, (string Phase, int Done, int Total)> position) : IProgress<T>
    where T : class
{
    private readonly object _gate = new();
    private string? _phase;
    private T? _latest;
    private int _latestDone = int.MinValue;
    private bool _latestPrinted;

    public void Report(T value)
    {
        var (phase, done, total) = position(value);
        lock (_gate)
        {
            var newPhase = phase != _phase;
            var print = newPhase || CrossesATenth(done, total);
            _phase = phase;
            if (newPhase || done >= _latestDone) (_latest, _latestDone, _latestPrinted) = (value, done, print);
            if (print) log.WriteLine(describe(value));
        }
    }

    /// <summary>Prints the furthest report if it was held back (a run that stopped between two tenths), so the final count is always shown.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            if (_latest is not null && !_latestPrinted) log.WriteLine(describe(_latest));
            _latestPrinted = true;
        }
    }

    // A phase of open length (total 0) has no tenths: every step is shown.
    private static bool CrossesATenth(int done, int total) => done > 0 && (total <= 0 || Tenth(done, total) != Tenth(done - 1, total));

    private static int Tenth(int done, int total) => 10 * Math.Min(done, total) / total;
}
