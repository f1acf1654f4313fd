namespace Dspy.Cli.Running;

/// <summary>The options only <c>dspy compile</c> has.</summary>
internal sealed record CompileArguments(string Optimizer, int Seed, int MaxBootstrappedDemos, int MaxLabeledDemos, int Candidates, string? Output, string? Chart, OutputFormat Format);
