namespace Dspy.Fluent;

/// <summary>A predictor known only from a trace entry: its name, kind and the signature it ran with.</summary>
internal sealed record DiscoveredPredictor(string Name, Signature Signature, string Kind) : IPredictor
{
    public PredictorConfig Config => PredictorConfig.Default;
}
