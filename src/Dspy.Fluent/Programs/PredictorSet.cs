
namespace Dspy.Fluent;

/// <summary>Predictors found in a program, first occurrence per name kept, in discovery order.</summary>
internal sealed class PredictorSet
{
    private readonly List<IPredictor> _items = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public IReadOnlyList<IPredictor> Items => _items;

    public void Add(IPredictor predictor)
    {
        if (_names.Add(predictor.Name)) _items.Add(predictor);
    }
}
