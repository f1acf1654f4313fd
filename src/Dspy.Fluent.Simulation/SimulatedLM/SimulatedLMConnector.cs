using Microsoft.Extensions.AI;

[assembly: Dspy.Fluent.LMConnector(typeof(Dspy.Fluent.SimulatedLMConnector))]

namespace Dspy.Fluent;

/// <summary>
/// <c>simulated</c>: a new <see cref="SimulatedLM"/>, the deterministic offline stand-in (not a model; its scores say
/// nothing about any model). It reads the <c>dspy.*</c> rollout id, so nothing is stripped.
/// </summary>
/// <example>
/// <code>
/// // dotnet run -- --lm simulated
/// using IChatClient lm = LMSpec.FromCommandLine(args, "simulated").CreateClient();
/// </code>
/// </example>
public sealed class SimulatedLMConnector : LMConnector
{
    /// <inheritdoc />
    public override string Scheme => "simulated";

    /// <inheritdoc />
    public override LMSpecForm Form => LMSpecForm.SchemeOnly;

    /// <inheritdoc />
    public override string Description => "the offline simulated LM (a deterministic stand-in, not a model)";

    /// <inheritdoc />
    public override string Example => "simulated";

    /// <inheritdoc />
    public override IChatClient Connect(LMSpec spec, LMConnectOptions options) => new SimulatedLM();
}
