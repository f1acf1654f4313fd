using System.Globalization;

namespace Dspy.Fluent;

/// <summary>What a metric says about one prediction: a score in [0, 1] and, optionally, textual feedback.</summary>
/// <remarks>
/// <para>Feedback is for people reading a report and for optimizers that learn from text (GEPA reads
/// <c>score + feedback</c>); leave it null when the score says everything.</para>
/// <para>Pass/fail: <see cref="Passes(double?)"/> with no threshold follows DSPy's truthiness (any score above 0 passes,
/// which is what a DSPy metric returning a bool or a number means during bootstrapping); give a threshold for partial-credit metrics.</para>
/// </remarks>
public sealed record MetricResult
{
    /// <summary>A score with optional feedback.</summary>
    /// <param name="score">In [0, 1].</param>
    /// <param name="feedback">Why, in words; null for none.</param>
    /// <exception cref="ArgumentOutOfRangeException">The score is not a number in [0, 1].</exception>
    public MetricResult(double score, string? feedback = null)
    {
        if (double.IsNaN(score) || score < 0 || score > 1)
            throw new ArgumentOutOfRangeException(nameof(score), score,
                $"A metric score must be in [0, 1]; got {score.ToString(CultureInfo.InvariantCulture)}. Scale it first (e.g. a 1–5 rating r as (r - 1) / 4, a percentage p as p / 100).");
        Score = score;
        Feedback = feedback;
    }

    /// <summary>Full marks, no feedback.</summary>
    public static MetricResult Pass { get; } = new(1);

    /// <summary>Zero, no feedback.</summary>
    public static MetricResult Fail { get; } = new(0);

    /// <summary>The score, in [0, 1].</summary>
    public double Score { get; }

    /// <summary>Textual feedback, or null.</summary>
    public string? Feedback { get; init; }

    /// <summary>A result holding just a score (no implicit conversion from <see cref="double"/> is offered, for F#'s sake).</summary>
    /// <param name="score">In [0, 1].</param>
    public static MetricResult FromScore(double score) => new(score);

    /// <summary>1 when <paramref name="passed"/>, else 0.</summary>
    /// <param name="passed">Whether the prediction is acceptable.</param>
    /// <param name="feedback">Why, in words; null for none.</param>
    public static MetricResult FromBool(bool passed, string? feedback = null) =>
        feedback is null ? (passed ? Pass : Fail) : new(passed ? 1 : 0, feedback);

    /// <summary>Whether this result counts as a pass.</summary>
    /// <param name="threshold">Minimum score to pass; null for DSPy's truthiness (score &gt; 0).</param>
    public bool Passes(double? threshold = null) => threshold is { } t ? Score >= t : Score > 0;

    /// <summary>This result with other feedback.</summary>
    /// <param name="feedback">The feedback.</param>
    public MetricResult WithFeedback(string? feedback) => this with { Feedback = feedback };
}
