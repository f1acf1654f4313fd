
namespace Dspy.Fluent;

/// <summary>Uses an <see cref="IRetriever"/> as a step of a program.</summary>
public static class RetrieverExtensions
{
    /// <summary>The trace kind of retrieval steps.</summary>
    public const string TraceKind = "Retrieve";

    /// <summary>
    /// A step that searches for the <paramref name="k"/> best passages when the program runs, and records the call in
    /// the run's trace as a <see cref="TraceEntry"/> named after the retriever, of kind <c>Retrieve</c>, with inputs
    /// <c>query</c> and <c>k</c> and output <c>passages</c> (the returned <see cref="Passage"/> list).
    /// </summary>
    /// <param name="retriever">The retriever.</param>
    /// <param name="query">The query.</param>
    /// <param name="k">How many passages to return at most; must be positive.</param>
    /// <returns>A step yielding the passages, best first. Nothing runs until the program does.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="retriever"/> or <paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is zero or negative.</exception>
    /// <remarks>Corresponds to <c>dspy.Retrieve(k)(query)</c>.</remarks>
    /// <example>
    /// <code>
    /// var rag =
    ///     from q in Programs.Input&lt;string&gt;()
    ///     from passages in retriever.Search(q, k: 3)
    ///     from a in generateAnswer.Call(Example.Create("context", passages.ToContext()).With("question", q))
    ///     select a;
    /// </code>
    /// </example>
    public static Step<IReadOnlyList<Passage>> Search(this IRetriever retriever, string query, int k)
    {
        ArgumentNullException.ThrowIfNull(retriever);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        return new DelegateStep<IReadOnlyList<Passage>>(async (context, cancellationToken) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            var passages = await retriever.SearchAsync(query, k, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Retriever '{retriever.Name}' ({retriever.GetType().Name}) returned null instead of a passage list; return an empty list when nothing matches.");
            var inputs = Example.Create("query", query).With("k", k).WithInputs("query", "k");
            context.Recorder.Record(new TraceEntry(retriever.Name, TraceKind, null, inputs, Prediction.Empty.With("passages", passages)));
            return passages;
        });
    }
}
