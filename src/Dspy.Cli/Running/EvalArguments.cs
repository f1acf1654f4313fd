namespace Dspy.Cli.Running;

/// <summary>The options only <c>dspy eval</c> has.</summary>
internal sealed record EvalArguments(string? Load, string? ReportJson, string? ReportHtml, int MaxErrors, int Concurrency);
