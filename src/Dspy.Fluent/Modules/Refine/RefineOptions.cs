namespace Dspy.Fluent;

/// <summary>How <see cref="Refine"/> samples, and what its advice step is told.</summary>
public sealed record RefineOptions
{
    /// <summary>DSPy's defaults.</summary>
    public static RefineOptions Default { get; } = new();

    /// <summary>The stable name; the advice predictor is <c>{Name}.offer_feedback</c>.</summary>
    public string Name { get; init; } = "refine";

    /// <summary>How many attempts may fail before the failure is rethrown; null tolerates all N (see <see cref="BestOfNOptions.FailCount"/>).</summary>
    public int? FailCount { get; init; }

    /// <summary>The temperature for every attempt (DSPy's 1.0); a predictor's own temperature still takes precedence.</summary>
    public float Temperature { get; init; } = 1.0f;

    /// <summary>
    /// What the advice LM is told the program does (DSPy sends the module's Python source as <c>program_code</c>;
    /// compiled .NET has none to send). Null for a generated description naming the program's modules.
    /// </summary>
    public string? ProgramDescription { get; init; }

    /// <summary>What the advice LM is told the reward measures (DSPy sends the reward function's source as
    /// <c>reward_code</c>). Null for a generic description. Worth setting: the advice is only as good as this.</summary>
    public string? RewardDescription { get; init; }
}
