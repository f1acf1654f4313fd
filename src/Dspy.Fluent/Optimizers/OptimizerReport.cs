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

    /// <summary>The uncompiled program's score on the same set, when the optimizer measured one.</summary>
    public double? BaselineScore { get; init; }

    /// <summary>LM calls made while compiling (including cache hits): program runs, proposers, judges and summaries.</summary>
    public int LMCalls { get; init; }

    /// <summary>Of <see cref="LMCalls"/>, those answered from a cache.</summary>
    /// <example>
    /// <code>
    /// Console.WriteLine($"{result.Report.LMCalls} LM calls, {result.Report.CacheHits} from the cache");
    /// </code>
    /// </example>
    public int CacheHits { get; init; }

    /// <summary>The part of <see cref="LMCalls"/> made to propose instructions (proposer, reflection, dataset summary,
    /// program description) rather than to run the program.</summary>
    public int ProposerLMCalls { get; init; }

    /// <summary>Tokens used while compiling (cache hits add none).</summary>
    public long Tokens { get; init; }

    /// <summary>What the compile's LM calls cost in US dollars, when the client pipeline prices them
    /// (<see cref="UsageTrackingChatClient"/> with a price for the model); null when unknown.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>Which LM the program ran on; a simulated one means the scores are not a model's.</summary>
    public LMIdentity LM { get; init; } = LMIdentity.Unknown;

    /// <summary>Wall time of the compile.</summary>
    public TimeSpan Elapsed { get; init; }


    /// <summary>How the chosen program came to be, oldest first, for optimizers that evolve candidates from one another
    /// (GEPA): each step names the candidate, the predictor whose instruction changed, the new instruction and its score.</summary>
    public IReadOnlyList<string> Lineage { get; init; } = [];

    /// <summary>Notes worth knowing about the compile, e.g. how many bootstrap rounds ran.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>A few lines for a console: the choice, the trials' outcome, the cost.</summary>
    public override string ToString()
    {
        var scores = BaselineScore is { } before && Score is { } after ? $"; score {before:P1} -> {after:P1}" : "";
        var cost = CostUsd is { } usd ? $", ${usd:0.####}" : "";
        var simulated = LM.IsStandIn ? " (stand-in LM, not a model)" : "";
        return $"{Optimizer}: {Chosen}{scores}; {Trials.Count(t => t.Accepted)}/{Trials.Count} trials kept; " +
               $"{LMCalls} LM calls ({ProposerLMCalls} proposing), {Tokens} tokens{cost}, {Elapsed.TotalSeconds:0.0} s{simulated}";
    }
}
