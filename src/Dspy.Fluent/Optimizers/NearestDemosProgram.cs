using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>The program <see cref="KNNFewShot"/> returns: per input, the student runs with its nearest examples' demos.</summary>
internal sealed class NearestDemosProgram<TIn, TOut>(Program<TIn, TOut> student, IEmbeddingGenerator<string, Embedding<float>> embeddings,
    CosineIndex index, IReadOnlyDictionary<string, IReadOnlyList<Example>>[] demos, int k, IReadOnlyList<string> predictors) : Program<TIn, TOut>
{
    // DSPy's name for the module KNNFewShot compiles to.
    internal override string? ModuleName => "KNN";

    public override ProgramStructure Structure => student.Structure;

    /// <inheritdoc />
    protected internal override async ValueTask<TOut> RunCoreAsync(TIn input, RunContext context, CancellationToken cancellationToken)
    {
        var vector = (await embeddings.GenerateAsync([InputText.Of(input)], cancellationToken: cancellationToken).ConfigureAwait(false))[0].Vector;
        var nearest = index.Nearest(vector.Span, k);
        // The nearest examples' demos replace the compiled ones for this input only, whatever state the run carries.
        var state = context.State;
        foreach (var name in predictors)
        {
            var chosen = nearest.SelectMany(n => demos[n.Row].TryGetValue(name, out var d) ? d : []).ToArray();
            state = state.Update(name, s => s with { Demos = chosen });
        }
        return await student.InvokeAsync(input, context.WithState(state), cancellationToken).ConfigureAwait(false);
    }
}
