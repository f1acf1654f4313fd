namespace Dspy.Fluent;

/// <summary>The proposer signatures COPRO asks an LM with (after DSPy's, worded anew).</summary>
internal static class COPROProposers
{
    /// <summary>Depth 1: a better instruction from the current one.</summary>
    public static Predictor<Example, Prediction> Basic { get; } = Predict.Create("copro_propose",
        Signature.Parse("basic_instruction -> proposed_instruction",
                "You are an instruction optimizer for large language models. You are given the instruction a language model " +
                "currently gets for a task. Propose an instruction that will lead a good language model to perform the task well. " +
                "Don't be afraid to be creative.")
            .WithFieldDescription("basic_instruction", "The instruction before optimization")
            .WithFieldDescription("proposed_instruction", "The improved instruction for the language model"));

    /// <summary>Later depths: a better instruction from the attempts so far, in ascending score order.</summary>
    public static Predictor<Example, Prediction> FromAttempts { get; } = Predict.Create("copro_propose_from_attempts",
        Signature.Parse("best_instruction, attempted_instructions -> proposed_instruction",
                "You are an instruction optimizer for large language models. You are given instructions that were tried for a task, " +
                "each with its validation score, in increasing order of score, and the best one so far. Propose a new instruction " +
                "that will lead a good language model to perform the task even better. Don't be afraid to be creative.")
            .WithFieldDescription("best_instruction", "The best-scoring instruction so far, to improve on")
            .WithFieldDescription("attempted_instructions", "Instructions tried so far with their scores, lowest score first")
            .WithFieldDescription("proposed_instruction", "The improved instruction for the language model"));
}
