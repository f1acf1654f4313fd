namespace Acme.DspyExtensions;

/// <summary>A module that runs a predictor it forgot to declare: the run must refuse it rather than lose it.</summary>
public sealed class ForgetfulModule : Program<Example, Prediction>
{
    private readonly Predictor<Example, Prediction> _hidden = Predict.Create("hidden", "question -> answer");

    public override ProgramStructure Structure => ProgramStructure.Empty;

    protected override ValueTask<Prediction> RunCoreAsync(Example input, RunContext context, CancellationToken cancellationToken) =>
        context.RunAsync(_hidden, input, cancellationToken);
}
