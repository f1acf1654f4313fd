namespace Dspy.Fluent;

/// <summary>SIMBA's rule writer: contrasts a better and a worse trajectory of the same example and advises each predictor.</summary>
internal static class SIMBAFeedback
{
    public static readonly string[] InputNames =
    [
        "program_code", "modules_defn", "program_inputs", "oracle_metadata",
        "worse_program_trajectory", "worse_program_outputs", "worse_reward_value", "worse_reward_info",
        "better_program_trajectory", "better_program_outputs", "better_reward_value", "better_reward_info", "module_names",
    ];

    public static Predictor<Example, Prediction> OfferFeedback { get; } = Predict.Create("simba_offer_feedback",
        Signature.Parse(
                "program_code, modules_defn, program_inputs, oracle_metadata, worse_program_trajectory, worse_program_outputs, " +
                "worse_reward_value, worse_reward_info, better_program_trajectory, better_program_outputs, better_reward_value, " +
                "better_reward_info, module_names: list[str] -> discussion, module_advice: dict[str, str]",
                "You are shown two runs of a program built from language model modules on the same input: a worse and a better " +
                "one, with each module's inputs and outputs, the reward each run earned and what the reward function said. " +
                "Help every module learn how to earn a higher reward on similar inputs later.\n\n" +
                "The modules will not see these runs; they will only see your advice, so make it concrete yet general:\n" +
                "- Skip boilerplate: say what would change the module's behaviour for the better.\n" +
                "- Address each module's own sub-task, not the whole program.\n" +
                "- Base the advice on what the better run did that the worse one did not.\n" +
                "- Use every module name exactly once as a key of the advice.")
            .WithFieldDescription("program_code", "An outline of the program being analysed")
            .WithFieldDescription("modules_defn", "Each module's input and output fields and its current instructions")
            .WithFieldDescription("program_inputs", "The program's inputs in both runs")
            .WithFieldDescription("oracle_metadata", "The training example's hidden labels")
            .WithFieldDescription("worse_program_trajectory", "Each module's inputs and outputs in the worse run")
            .WithFieldDescription("worse_program_outputs", "The worse run's outputs")
            .WithFieldDescription("worse_reward_value", "The worse run's reward")
            .WithFieldDescription("worse_reward_info", "What the reward function said about the worse run")
            .WithFieldDescription("better_program_trajectory", "Each module's inputs and outputs in the better run")
            .WithFieldDescription("better_program_outputs", "The better run's outputs")
            .WithFieldDescription("better_reward_value", "The better run's reward")
            .WithFieldDescription("better_reward_info", "What the reward function said about the better run")
            .WithFieldDescription("module_names", "The modules to advise")
            .WithFieldDescription("discussion", "Where each module went wrong, if it did")
            .WithFieldDescription("module_advice",
                "For each module, concretely: if the module receives inputs like these, then it should do this (and avoid that), " +
                "so that with the advice it acts like the better run rather than the worse one"));
}
