using System.Globalization;

namespace Dspy.Fluent.Examples.Agents;

/// <summary>The command line of the agents example.</summary>
public sealed record AgentsOptions
{
    /// <summary>The usage text printed for <c>--help</c> and after a bad argument.</summary>
    public const string Usage = """
        Usage: dotnet run --project examples/Agents -- [options]
          --lm SPEC            the LM (default: simulated, an offline stand-in that is not a model)
                               e.g. openai:gpt-4o-mini, openai:MODEL@http://127.0.0.1:8000/v1, ollama:llama3.2, gguf:model.gguf
          --questions N        world questions for the agent (default 4; two word problems are added)
          --seed N             seed for the synthetic world (default 3)
          --max-iters N        the agent's most tool calls per question (default 6)
          --cache PATH|off     the persistent LM cache, a SQLite file (default: off)
          --no-compile         skip compiling the agent and the solver with BootstrapFewShot
        """;

    /// <summary>The LM spec.</summary>
    public string LM { get; init; } = "simulated";

    /// <summary>World questions for the agent.</summary>
    public int Questions { get; init; } = 4;

    /// <summary>The seed of the synthetic world.</summary>
    public int Seed { get; init; } = 3;

    /// <summary>The agent's most tool calls per question.</summary>
    public int MaxIters { get; init; } = 6;

    /// <summary>The SQLite cache path, or "off".</summary>
    public string Cache { get; init; } = "off";

    /// <summary>Whether to compile the programs and score them again.</summary>
    public bool Compile { get; init; } = true;

    /// <summary>Whether <c>--help</c> was given.</summary>
    public bool Help { get; init; }

    /// <summary>Reads the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <exception cref="ArgumentException">An unknown option, a missing value, or a value that is not a number where one is needed.</exception>
    public static AgentsOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var o = new AgentsOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            string Value() => inline ?? (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.\n\n{Usage}"));
            int Number()
            {
                var text = Value();
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
                    ? n : throw new ArgumentException($"{name} needs a positive whole number, not '{text}'.\n\n{Usage}");
            }
            o = name switch
            {
                "--lm" => o with { LM = Value() },
                "--questions" => o with { Questions = Number() },
                "--seed" => o with { Seed = Number() },
                "--max-iters" => o with { MaxIters = Number() },
                "--cache" => o with { Cache = Value() },
                "--no-compile" => o with { Compile = false },
                "--help" or "-h" => o with { Help = true },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'.\n\n{Usage}"),
            };
        }
        return o;
    }
}
