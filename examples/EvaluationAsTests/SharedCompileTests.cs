namespace Dspy.Fluent.Examples.EvaluationAsTests;

/// <summary>Style 4: the optimizer as a fixture. Two test classes share one compile (or none, when the disk cache has it).</summary>
public sealed class SharedCompileTests(CompiledRag compiled)
{
    [Fact]
    public void The_assembly_compiled_at_most_once()
    {
        Assert.Equal(compiled.LoadedFromCache ? 0 : 1, CompiledRag.Compiles);
        Assert.Contains(compiled.State.Find("generate_answer")!.Demos, d => d.ContainsKey("augmented"));
    }
}

/// <summary>A second class using the same compiled program.</summary>
public sealed class SecondClassSharingTheCompile(CompiledRag compiled)
{
    [Fact]
    public void The_same_compiled_state_is_seen_here()
    {
        Assert.True(CompiledRag.Compiles <= 1);
        Assert.NotEmpty(compiled.State.Predictors);
    }
}
