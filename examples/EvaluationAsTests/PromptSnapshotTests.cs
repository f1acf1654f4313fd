namespace Dspy.Fluent.Examples.EvaluationAsTests;

/// <summary>The compiled prompts, reviewed as a snapshot file (__snapshots__/): a changed prompt shows up as a diff in review.</summary>
public sealed class PromptSnapshotTests(CompiledRag compiled)
{
    [Fact]
    public void The_compiled_prompts_are_reviewed() => PromptSnapshot.Match(compiled.Program);
}
