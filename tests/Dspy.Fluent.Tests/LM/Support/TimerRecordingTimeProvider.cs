using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Dspy.Fluent.Tests;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that announces every timer created (with its due time), so a test can wait until
/// the code under test is really waiting before it advances the clock — no real sleeping, no races.
/// </summary>
internal sealed class TimerRecordingTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public TimerRecordingTimeProvider() : base(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)) { }

    public ChannelReader<TimeSpan> TimersCreated => _timers.Reader;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }
}
