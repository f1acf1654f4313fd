namespace Acme.DspyExtensions;

/// <summary>
/// A module written outside Dspy.Fluent: draft an answer, then check it and correct it when the check fails. It owns two
/// predictors, <c>{name}.draft</c> and <c>{name}.check</c>, and declares them as its structure.
/// </summary>
public sealed class SelfCheck : Program<Example, Prediction>
{
    private readonly Predictor<Example, Prediction> _draft;
    private readonly Predictor<Example, Prediction> _check;
    private readonly ProgramStructure _structure;

    public SelfCheck(string name)
    {
        var path = new PredictorName(name);
        _draft = Predict.Create(path / "draft", "question -> answer");
        _check = Predict.Create(path / "check", "question, answer -> verdict: bool, corrected");
        _structure = ProgramStructure.Of(_draft, _check);
    }

    public override ProgramStructure Structure => _structure;

    protected override async ValueTask<Prediction> RunCoreAsync(Example input, RunContext context, CancellationToken cancellationToken)
    {
        var draft = await context.RunAsync(_draft, Example.Create("question", input["question"]), cancellationToken);
        var check = await context.RunAsync(_check, Example.Create("question", input["question"]).With("answer", draft["answer"]), cancellationToken);
        return Prediction.Empty.With("answer", check.Get<bool>("verdict") ? draft["answer"] : check["corrected"]);
    }
}
