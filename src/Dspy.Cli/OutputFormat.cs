namespace Dspy.Cli;

/// <summary>How a command renders its result.</summary>
internal enum OutputFormat
{
    /// <summary>Plain text for a terminal.</summary>
    Text,

    /// <summary>Machine-readable JSON.</summary>
    Json,

    /// <summary>GitHub-flavoured markdown, e.g. for a pull-request comment.</summary>
    Markdown,
}
