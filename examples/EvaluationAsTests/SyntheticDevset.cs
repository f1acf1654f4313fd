namespace Dspy.Fluent.Examples.EvaluationAsTests;

/// <summary>The dev questions as a devset source in code (a generated devset: never enumerated at discovery).</summary>
public sealed class SyntheticDevset : IDevsetSource
{
    /// <inheritdoc />
    public Task<IReadOnlyList<Example>> GetExamplesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<Example>>(Rag.Dev.Take(10).ToList());
}
