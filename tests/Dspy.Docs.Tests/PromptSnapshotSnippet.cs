namespace Dspy.Docs.Tests;

#region getting-started-snapshot
public sealed class RagPromptTests
{
    private static readonly Predictor<Example, Prediction> GenerateAnswer = Predict.ChainOfThought("generate_answer",
        Signature.Parse("context: list[str], question -> answer", "Answer questions with short factoid answers."));

    [Fact]
    public void The_prompts_are_reviewed() => PromptSnapshot.Match(GenerateAnswer);
}
#endregion
