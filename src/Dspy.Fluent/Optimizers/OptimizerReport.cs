namespace Dspy.Fluent;

/// <summary>What an optimizer tried and what it cost: the trials in order, the chosen result, LM calls, tokens and time.</summary>
public sealed record OptimizerReport
{
    /// <summary>The optimizer's name, e.g. <c>BootstrapFewShot</c>.</summary>
    public required string Optimizer { get; init; }

    /// <summary>The seed used.</summary>
    public int Seed { get; init; }

    /// <summary>Everything tried, in the order tried.</summary>
    public IReadOnlyList<OptimizerTrial> Trials { get; init; } = [];

    /// <summary>What was chosen, in words (e.g. <c>candidate seed=3, valset score 0.62</c>).</summary>
    public string Chosen { get; init; } = "";

    /// <summary>The chosen program's score on the valset, when the optimizer measured one.</summary>
    public double? Score { get; init; }

    /// <summary>LM calls made while compiling (including cache hits).</summary>
    public int LMCalls { get; init; }

    /// <summary>Tokens used while compiling (cache hits add none).</summary>
    public long Tokens { get; init; }

    /// <summary>Wall time of the compile.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Notes worth knowing, e.g. how predictors were discovered.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>A few lines for a console: the choice, the trials' outcome, the cost.</summary>
    public override string ToString() =>
        $"{Optimizer}: {Chosen}; {Trials.Count(t => t.Accepted)}/{Trials.Count} trials kept; {LMCalls} LM calls, {Tokens} tokens, {Elapsed.TotalSeconds:0.0} s";
}
