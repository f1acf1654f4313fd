namespace Dspy.Fluent;

/// <summary>The signatures MIPROv2's grounded proposer asks an LM with (after DSPy's, worded anew).</summary>
internal static class MIPROv2Proposers
{
    public static Predictor<Example, Prediction> DescribeData { get; } = Predict.Create("mipro_describe_data",
        Signature.Parse("examples -> observations",
                "Given several examples from a dataset, write observations about trends that hold for most or all of them: topics, " +
                "content, syntax, conciseness and so on. Guess what task the dataset is for.")
            .WithFieldDescription("examples", "Sample data points from the dataset")
            .WithFieldDescription("observations", "Things that hold for most or all of the data"));

    public static Predictor<Example, Prediction> DescribeMoreData { get; } = Predict.Create("mipro_describe_more_data",
        Signature.Parse("examples, prior_observations -> observations",
                "Given several examples from a dataset and observations already made about it, add observations about trends that " +
                "hold for most or all of the examples, or answer COMPLETE if the observations already cover them.")
            .WithFieldDescription("examples", "Sample data points from the dataset")
            .WithFieldDescription("prior_observations", "Observations made so far")
            .WithFieldDescription("observations", "New observations, or COMPLETE"));

    public static Predictor<Example, Prediction> SummarizeObservations { get; } = Predict.Create("mipro_summarize_observations",
        Signature.Parse("observations -> summary",
                "Given observations about a dataset, summarize them in two or three sentences that keep only the most important details.")
            .WithFieldDescription("observations", "Observations about the dataset")
            .WithFieldDescription("summary", "A two to three sentence summary of the most significant observations"));

    public static Predictor<Example, Prediction> DescribeProgram { get; } = Predict.Create("mipro_describe_program",
        Signature.Parse("program_code, program_example -> program_description",
                "Below is pseudo-code for a pipeline that solves a task with calls to language models. Describe what task the program " +
                "is designed to solve and how it goes about it.")
            .WithFieldDescription("program_code", "Pseudo-code of the language model program")
            .WithFieldDescription("program_example", "An example of the program in use")
            .WithFieldDescription("program_description", "What task the program solves and how"));

    public static Predictor<Example, Prediction> DescribeModule { get; } = Predict.Create("mipro_describe_module",
        Signature.Parse("program_code, program_example, program_description, module -> module_description",
                "Below is pseudo-code for a pipeline that solves a task with calls to language models. Describe the purpose of one of " +
                "its modules in the pipeline.")
            .WithFieldDescription("program_code", "Pseudo-code of the language model program")
            .WithFieldDescription("program_example", "An example of the program in use")
            .WithFieldDescription("program_description", "What task the program solves and how")
            .WithFieldDescription("module", "The module to describe")
            .WithFieldDescription("module_description", "The module's role in the program"));

    /// <summary>The instruction proposer with the inputs the enabled kinds of awareness provide.</summary>
    public static Predictor<Example, Prediction> ProposeInstruction(bool data, bool program, bool demos, bool tip)
    {
        var signature = Signature.Create(
            "Use the information below to learn about a task that we are trying to solve with calls to a language model, then write a " +
            "new instruction that will be used to prompt a language model to solve the task better.");
        if (data) signature = signature.WithInput("dataset_description", "A description of the dataset we are using");
        if (program)
            signature = signature.WithInput("program_code", "The language model program designed to solve the task")
                .WithInput("program_description", "What task the program solves and how")
                .WithInput("module", "The module to write an instruction for")
                .WithInput("module_description", "The module's role in the program");
        if (demos) signature = signature.WithInput("task_demos", "Example inputs and outputs of the module");
        signature = signature.WithInput("basic_instruction", "The module's current instruction");
        if (tip) signature = signature.WithInput("tip", "A suggestion for how to write the new instruction");
        signature = signature.WithOutput("proposed_instruction", "An instruction that will be used to prompt a language model to perform this task");
        return Predict.Create("mipro_propose_instruction", signature);
    }

    /// <summary>DSPy's prompting tips; one is drawn per proposal.</summary>
    public static IReadOnlyList<(string Name, string Text)> Tips { get; } =
    [
        ("none", ""),
        ("creative", "Don't be afraid to be creative when writing the new instruction!"),
        ("simple", "Keep the instruction clear and concise."),
        ("description", "Make sure the instruction is very informative and descriptive."),
        ("high_stakes", "The instruction should include a high stakes scenario in which the language model must solve the task!"),
        ("persona", "Include a persona relevant to the task in the instruction (e.g. \"You are a ...\")."),
    ];
}
