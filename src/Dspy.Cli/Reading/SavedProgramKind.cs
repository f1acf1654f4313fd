namespace Dspy.Cli.Reading;

/// <summary>Which tool wrote a saved program; the two formats share demos and instructions but not signature shape.</summary>
internal enum SavedProgramKind
{
    /// <summary>Dspy.Fluent's <c>program.SaveAsync</c> (format "dspy-fluent/program-state").</summary>
    DspyFluent,

    /// <summary>Python DSPy's <c>program.save(path)</c> (one top-level entry per predictor plus "metadata").</summary>
    Dspy,
}
