using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>The program <see cref="KNNFewShot"/> returns: per input, the student runs with its nearest examples' demos.</summary>
internal sealed class NearestDemosProgram<TIn, TOut>(Program<TIn, TOut> student, IEmbeddingGenerator<string, Embedding<float>> embeddings,
    CosineIndex index, IReadOnlyDictionary<string, IReadOnlyList<Example>>[] demos, int k, IReadOnlyList<string> predictors) : Program<TIn, TOut>
{
    public override ProgramState State => student.State;

    internal override async ValueTask<TOut> RunCoreAsync(TIn input, RunContext context, CancellationToken cancellationToken)
    {
        var vector = (await embeddings.GenerateAsync([InputText.Of(input)], cancellationToken: cancellationToken).ConfigureAwait(false))[0].Vector;
        var nearest = index.Nearest(vector.Span, k);
        var state = student.State;
        foreach (var name in predictors)
        {
            var chosen = nearest.SelectMany(n => demos[n.Row].TryGetValue(name, out var d) ? d : []).ToArray();
            state = state.Update(name, s => s with { Demos = chosen });
        }
        return await student.WithState(state).RunCoreAsync(input, context, cancellationToken).ConfigureAwait(false);
    }

    internal override void CollectPredictors(PredictorSet into) => student.CollectPredictors(into);
}
