namespace Dspy.Fluent;

/// <summary>What follows the scheme in an LM spec, as a connector declares it (<see cref="LMConnector.Form"/>).</summary>
public enum LMSpecForm
{
    /// <summary>Nothing: the scheme alone, e.g. <c>simulated</c>.</summary>
    SchemeOnly,

    /// <summary>A model name and an optional server URL: <c>openai:MODEL[@URL]</c>.</summary>
    Model,

    /// <summary>A file path, taken whole (drive letters and <c>@</c> in names survive): <c>gguf:PATH</c>.</summary>
    Path,
}
