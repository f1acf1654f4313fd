namespace Dspy.Fluent.Examples.MultiHopRag;

/// <summary>The command line of the main job.</summary>
public sealed record MultiHopOptions
{
    /// <summary>The usage text printed for <c>--help</c> and after a bad argument, built from the declared options.</summary>
    public static string Usage { get; } = MultiHopCommandLine.Usage();

    /// <summary>The LM spec.</summary>
    public string LM { get; init; } = "simulated";

    /// <summary>A HotPotQA file, or null for the synthetic world.</summary>
    public string? Data { get; init; }

    /// <summary>Training examples.</summary>
    public int Train { get; init; } = 20;

    /// <summary>Dev examples.</summary>
    public int Dev { get; init; } = 50;

    /// <summary>The seed.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The SQLite cache path, "off", or null for the default file.</summary>
    public string? Cache { get; init; }

    /// <summary>Where to save the compiled program, or null.</summary>
    public string? Save { get; init; }

    /// <summary>A compiled program to load, or null to compile.</summary>
    public string? Load { get; init; }

    /// <summary>Where to write the JSON report, or null.</summary>
    public string? ReportJson { get; init; }

    /// <summary>Where to write the HTML report, or null.</summary>
    public string? ReportHtml { get; init; }

    /// <summary>Where to draw the compile's trial chart (<c>.png</c> or <c>.svg</c>, see <see cref="OptimizerChart"/>), or null.</summary>
    public string? Chart { get; init; }

    /// <summary>Failed examples an evaluation tolerates before it stops, or null for the default (10 % of <see cref="Dev"/>, at least 1).</summary>
    public int? MaxErrors { get; init; }

    /// <summary>The error budget each evaluation runs with: <see cref="MaxErrors"/>, or 10 % of the dev examples (at least 1).</summary>
    public int ErrorBudget => MaxErrors ?? Math.Max(1, Dev / 10);

    /// <summary>Attempts per LM call, the first included (default 5); 1 turns retries off.</summary>
    public int LMAttempts { get; init; } = 5;

    /// <summary>Whether to skip the check that the LM answers (<c>--no-lm-check</c>).</summary>
    public bool SkipLMCheck { get; init; }

    /// <summary>Whether <c>--help</c> was given.</summary>
    public bool Help { get; init; }

    /// <summary>Reads the command line with System.CommandLine (<see cref="MultiHopCommandLine"/>); an option given twice keeps its last value.</summary>
    /// <param name="args">The arguments; <c>--name value</c> and <c>--name=value</c> both work.</param>
    /// <exception cref="ArgumentException">An unknown option, a missing value, or a value that is not a number where one is needed;
    /// the message names the option and ends with the usage.</exception>
    public static MultiHopOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = MultiHopCommandLine.Parse(args);
        if (MultiHopCommandLine.FirstError(result) is { } error) throw new ArgumentException($"{error}\n\n{Usage}");
        // Checked here, not after the compile it would chart: a typo should not cost the whole run.
        if (result.GetValue(MultiHopCommandLine.Chart) is { } chart && Path.GetExtension(chart).ToLowerInvariant() is not (".png" or ".svg"))
            throw new ArgumentException($"--chart needs a .png or .svg file, not '{chart}'.\n\n{Usage}");
        return new MultiHopOptions
        {
            LM = result.GetValue(MultiHopCommandLine.LM)!,
            Data = result.GetValue(MultiHopCommandLine.Data),
            Train = result.GetValue(MultiHopCommandLine.Train),
            Dev = result.GetValue(MultiHopCommandLine.Dev),
            Seed = result.GetValue(MultiHopCommandLine.Seed),
            Cache = result.GetValue(MultiHopCommandLine.Cache),
            Save = result.GetValue(MultiHopCommandLine.Save),
            Load = result.GetValue(MultiHopCommandLine.Load),
            ReportJson = result.GetValue(MultiHopCommandLine.ReportJson),
            ReportHtml = result.GetValue(MultiHopCommandLine.ReportHtml),
            Chart = result.GetValue(MultiHopCommandLine.Chart),
            MaxErrors = result.GetValue(MultiHopCommandLine.MaxErrors),
            SkipLMCheck = result.GetValue(MultiHopCommandLine.NoLMCheck),
            LMAttempts = result.GetValue(MultiHopCommandLine.LMAttempts),
            Help = result.GetValue(MultiHopCommandLine.Help),
        };
    }
}
