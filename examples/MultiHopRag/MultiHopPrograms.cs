namespace Dspy.Fluent.Examples.MultiHopRag;

/// <summary>The tutorial's programs as LINQ: basic RAG and SimplifiedBaleen (multi-hop), over any retriever.</summary>
public static class MultiHopPrograms
{
    /// <summary>The answer predictor both programs share (<c>generate_answer</c>, chain of thought).</summary>
    public static Predictor<GenerateAnswer, FactoidAnswer> GenerateAnswer { get; } =
        Predict.ChainOfThought<GenerateAnswer, FactoidAnswer>("generate_answer");

    /// <summary>One query predictor per hop, named as DSPy names them (<c>generate_query[0]</c>, …) so states carry across.</summary>
    public static Predictor<GenerateSearchQuery, SearchQuery> GenerateQuery(int hop) =>
        Predict.ChainOfThought<GenerateSearchQuery, SearchQuery>($"generate_query[{hop}]");

    /// <summary>Retrieve <paramref name="k"/> passages for the question, then answer with chain of thought.</summary>
    /// <param name="retriever">The retriever.</param>
    /// <param name="k">Passages to retrieve.</param>
    public static Program<MultiHopQuestion, RagAnswer> BasicRag(IRetriever retriever, int k = 3) =>
        from q in Programs.Input<MultiHopQuestion>()
        from passages in retriever.Search(q.Question, k)
        from answer in GenerateAnswer.Call(new GenerateAnswer(passages.ToContext(), q.Question))
        select new RagAnswer(answer.Text, passages.ToContext());

    /// <summary>
    /// SimplifiedBaleen: per hop, write a query from the context so far, retrieve <paramref name="k"/> passages and add the new
    /// ones (first occurrence kept); then answer from everything gathered.
    /// </summary>
    /// <param name="retriever">The retriever.</param>
    /// <param name="k">Passages per hop.</param>
    /// <param name="maxHops">Hops (2 in the tutorial).</param>
    public static Program<MultiHopQuestion, RagAnswer> Baleen(IRetriever retriever, int k = 3, int maxHops = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHops, 1);
        var queries = Enumerable.Range(0, maxHops).Select(GenerateQuery).ToArray();
        return
            (from q in Programs.Input<MultiHopQuestion>()
             from context in Steps.Fold(queries, (IReadOnlyList<string>)[], (context, generateQuery) =>
                 from query in generateQuery.Call(new GenerateSearchQuery(context, q.Question))
                 from passages in retriever.Search(query.Query, k)
                 select context.Concat(passages.ToContext()).Deduplicate())
             from answer in GenerateAnswer.Call(new GenerateAnswer(context, q.Question))
             select new RagAnswer(answer.Text, context))
            .Uses([.. queries, GenerateAnswer]);
    }
}
