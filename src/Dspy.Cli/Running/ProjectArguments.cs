namespace Dspy.Cli.Running;

/// <summary>The options <c>dspy compile</c> and <c>dspy eval</c> share.</summary>
internal sealed record ProjectArguments(string Project, string? ProgramName, string Data, string LM, string? Metric, string Configuration, bool NoBuild);
