using System.Globalization;

namespace Dspy.Fluent.Examples.MultiHopRag;

/// <summary>The command line of the main job.</summary>
public sealed record MultiHopOptions
{
    /// <summary>The usage text printed for <c>--help</c> and after a bad argument.</summary>
    public const string Usage = """
        Usage: dotnet run --project examples/MultiHopRag -- [options]
          --lm SPEC            the LM (default: simulated, an offline stand-in that is not a model)
                               e.g. openai:gpt-4o-mini, openai:MODEL@http://127.0.0.1:8000/v1, ollama:llama3.2, gguf:model.gguf
          --data FILE          a HotPotQA distractor-format JSON file (default: a seeded synthetic world)
          --train N            training examples (default 20)
          --dev N              dev examples (default 50)
          --seed N             seed for the synthetic world and the split (default 1)
          --cache PATH|off     the persistent LM cache, a SQLite file (default: in the user's cache folder)
          --save PATH          save the compiled Baleen program
          --load PATH          load a compiled Baleen program instead of compiling
          --report-json PATH   write the results as JSON
          --report-html PATH   write the evaluation report (all three programs) as one HTML file
          --max-errors N       failed examples an evaluation tolerates before it stops (default: 10 % of --dev)
          --no-lm-check        skip the one-call check that the LM answers before anything runs
          --lm-attempts N      attempts per LM call, the first included, with backoff between them (default 5; 1 = no retries)
        Exit codes: 0 done (failed examples, if any, are counted and the first error is on stderr), 2 bad arguments,
                    3 the LM did not answer the check, 4 an evaluation or the compile stopped on errors.
        """;

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

    /// <summary>Reads the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <exception cref="ArgumentException">An unknown option, a missing value, or a value that is not a number where one is needed.</exception>
    public static MultiHopOptions Parse(IReadOnlyList<string> args)
    {
        var o = new MultiHopOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            string Value() => inline ?? (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.\n\n{Usage}"));
            int Count()
            {
                var text = Value();
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
                    ? n : throw new ArgumentException($"{name} needs a whole number of 0 or more, not '{text}'.\n\n{Usage}");
            }
            int Number()
            {
                var text = Value();
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
                    ? n : throw new ArgumentException($"{name} needs a positive whole number, not '{text}'.\n\n{Usage}");
            }
            o = name switch
            {
                "--lm" => o with { LM = Value() },
                "--data" => o with { Data = Value() },
                "--train" => o with { Train = Number() },
                "--dev" => o with { Dev = Number() },
                "--seed" => o with { Seed = Number() },
                "--cache" => o with { Cache = Value() },
                "--save" => o with { Save = Value() },
                "--load" => o with { Load = Value() },
                "--report-json" => o with { ReportJson = Value() },
                "--report-html" => o with { ReportHtml = Value() },
                "--max-errors" => o with { MaxErrors = Count() },
                "--no-lm-check" => o with { SkipLMCheck = true },
                "--lm-attempts" => o with { LMAttempts = Number() },
                "--help" or "-h" => o with { Help = true },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'.\n\n{Usage}"),
            };
        }
        return o;
    }
}
