using System.Globalization;
using System.Text;
using Dspy.Fluent.Internal;

namespace Dspy.Fluent;

/// <summary>The outcome of <see cref="Evaluate"/>: the aggregate score, one row per example in devset order, usage, time and the LM that produced it.</summary>
/// <remarks>Corresponds to DSPy's <c>EvaluationResult</c> (whose score is a percentage: see <see cref="Percent"/>).
/// Write it with <see cref="JsonReport"/>, <c>HtmlReport</c> or <c>ConsoleReport</c>.</remarks>
public sealed record EvaluationResult
{
    /// <summary>The metric's name.</summary>
    public required string Metric { get; init; }

    /// <summary>A title from <see cref="EvaluateOptions.Title"/>, or null.</summary>
    public string? Title { get; init; }

    /// <summary>The mean score over all rows (failed rows count with their failure score), in [0, 1].</summary>
    public required double Score { get; init; }

    /// <summary>The mean of each of <see cref="EvaluateOptions.ExtraMetrics"/> over all rows, by metric name, in their order; empty when none were given.</summary>
    public IReadOnlyDictionary<string, double> ExtraScores { get; init; } = ReportEquality.NoScores;

    /// <summary>The score as a percentage rounded to two decimals, as DSPy reports it.</summary>
    public double Percent => Math.Round(100 * Score, 2);

    /// <summary>One row per example, in devset order whatever order they finished in.</summary>
    public required IReadOnlyList<ExampleResult> Rows { get; init; }

    /// <summary>How many rows failed.</summary>
    public int ErrorCount => Rows.Count(r => r.Failed);

    /// <summary>LM calls and tokens over all rows.</summary>
    public EvaluationUsage Usage { get; init; } = EvaluationUsage.Zero;

    /// <summary>When the run started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Wall time of the whole run.</summary>
    public TimeSpan WallTime { get; init; }

    /// <summary>How many examples ran at once.</summary>
    public int Concurrency { get; init; }

    /// <summary>The LM the run was configured with.</summary>
    public LMIdentity LM { get; init; } = LMIdentity.Unknown;

    /// <summary>The <paramref name="count"/> worst rows: failures first, then by ascending score, ties in devset order.</summary>
    /// <param name="count">How many.</param>
    public IReadOnlyList<ExampleResult> Worst(int count) =>
        Rows.OrderByDescending(r => r.Failed).ThenBy(r => r.Score).ThenBy(r => r.Index).Take(Math.Max(0, count)).ToArray();

    /// <summary>A few lines for logs and assertion messages: score, counts, usage, time and the LM.</summary>
    public string Summary()
    {
        var sb = new StringBuilder();
        if (Title is not null) sb.Append(Title).Append(": ");
        var passed = Rows.Count(r => r.Score >= 1);
        sb.Append(CultureInfo.InvariantCulture, $"{Metric} {Percent:0.##}% over {Rows.Count} examples ({passed} at full score, {ErrorCount} failed)\n");
        sb.Append(CultureInfo.InvariantCulture,
            $"{Usage.LMCalls} LM calls ({Usage.CacheHits} cache hits), {Usage.InputTokens} input + {Usage.OutputTokens} output tokens, wall time {WallTime.TotalSeconds:0.###} s, concurrency {Concurrency}\n");
        sb.Append(LM.Describe());
        return sb.ToString();
    }

    /// <summary>
    /// This result with every clock reading zeroed (start, wall time, each row's <see cref="ExampleResult.Elapsed"/>, each
    /// LM call's start and duration): what two runs of the same work on the same LM share, wherever and whenever they ran.
    /// </summary>
    /// <example>
    /// <code>
    /// Assert.Equal(local.WithoutTimings(), clustered.WithoutTimings()); // same rows, order, scores and totals
    /// </code>
    /// </example>
    public EvaluationResult WithoutTimings() =>
        this with { StartedAt = default, WallTime = default, Rows = Rows.Select(r => r.WithoutTimings()).ToArray() };

    /// <inheritdoc />
    public bool Equals(EvaluationResult? other) =>
        other is not null && Metric == other.Metric && Title == other.Title && Score.Equals(other.Score)
        && ReportEquality.SameScores(ExtraScores, other.ExtraScores)
        && Usage == other.Usage && StartedAt == other.StartedAt && WallTime == other.WallTime && Concurrency == other.Concurrency
        && LM == other.LM && Rows.SequenceEqual(other.Rows);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Metric, Score, Rows.Count);
}
