using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>One row of an evaluation: the example, what the program produced, its score and what the run cost.</summary>
/// <remarks>Two rows are equal when every member is (calls compared by their content), so a row read back from a JSON report equals the one written.</remarks>
public sealed record ExampleResult
{
    /// <summary>The example's position in the devset (0-based).</summary>
    public required int Index { get; init; }

    /// <summary>The example: inputs (marked) and labels.</summary>
    public required Example Example { get; init; }

    /// <summary>The program's output as fields (see <see cref="Predictions.FromOutput"/>), or null when the run failed.</summary>
    public Prediction? Prediction { get; init; }

    /// <summary>The metric's score, or the failure score when <see cref="Error"/> is set.</summary>
    public double Score { get; init; }

    /// <summary>The row's score on each of <see cref="EvaluateOptions.ExtraMetrics"/>, by metric name, in their order; empty when none were given.</summary>
    public IReadOnlyDictionary<string, double> ExtraScores { get; init; } = ReportEquality.NoScores;

    /// <summary>The metric's feedback, or null.</summary>
    public string? Feedback { get; init; }

    /// <summary>What went wrong (exception type and message), or null when the example was scored.</summary>
    public string? Error { get; init; }

    /// <summary>Whether the example failed to run or to be scored.</summary>
    public bool Failed => Error is not null;

    /// <summary>LM calls and tokens of this example's run.</summary>
    public EvaluationUsage Usage { get; init; } = EvaluationUsage.Zero;

    /// <summary>Wall time of the program run.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>The run's LM calls, oldest first, with prompts and replies (empty when history was not kept).</summary>
    public IReadOnlyList<LMCall> Calls { get; init; } = [];

    /// <summary>This row with its clock readings zeroed (<see cref="Elapsed"/>, each call's start and duration); see <see cref="EvaluationResult.WithoutTimings"/>.</summary>
    /// <example>
    /// <code>
    /// Assert.Equal(expected.WithoutTimings(), actual.WithoutTimings());
    /// </code>
    /// </example>
    public ExampleResult WithoutTimings() =>
        this with { Elapsed = default, Calls = Calls.Select(c => c with { StartedAt = default, Duration = default }).ToArray() };

    /// <summary>The run's LM calls rendered as text (messages by role, then the reply), without timestamps.</summary>
    public string RenderCalls() => Calls.Count == 0 ? "(no LM calls recorded)" : LMHistory.Render(Calls, includeTimestamps: false);

    /// <inheritdoc />
    public bool Equals(ExampleResult? other) =>
        other is not null && Index == other.Index && Example.Equals(other.Example)
        && ReportEquality.Same(Prediction, other.Prediction) && Score.Equals(other.Score) && Feedback == other.Feedback
        && ReportEquality.SameScores(ExtraScores, other.ExtraScores)
        && Error == other.Error && Usage == other.Usage && Elapsed == other.Elapsed && ReportEquality.SameCalls(Calls, other.Calls);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Index, Score, Error, Calls.Count);
}
