using System.Text;

namespace Dspy.Fluent;

/// <summary>The reflection step of GEPA: what the reflection LM is asked and how the examples with feedback are shown.</summary>
internal static class GEPAReflection
{
    private const int MaxValueLength = 2000;

    public static Predictor<Example, Prediction> Proposer { get; } = Predict.Create("gepa_reflect",
        Signature.Parse("current_instruction, examples_with_feedback -> new_instruction",
                "I gave an assistant the instruction below to perform a task. Below it are examples of task inputs, the assistant's " +
                "outputs and feedback on how each output could be better. Write a new instruction for the assistant.\n\n" +
                "Read the inputs to identify the input format and the task. Read the outputs and the feedback to see what went wrong " +
                "and what went right. The assistant will not see this feedback later, so put any facts or rules the feedback reveals " +
                "into the instruction, and keep any strategy that worked.")
            .WithFieldDescription("current_instruction", "The instruction the assistant was given")
            .WithFieldDescription("examples_with_feedback", "Task inputs, the assistant's outputs and feedback on each")
            .WithFieldDescription("new_instruction", "A better instruction for the assistant"));

    /// <summary>One example for reflection: the predictor's inputs and outputs in the run, and the metric's feedback.</summary>
    public sealed record ReflectiveExample(Example Inputs, Prediction? Outputs, string Feedback);

    /// <summary>The examples as markdown sections, as GEPA shows them.</summary>
    public static string Render(IReadOnlyList<ReflectiveExample> examples)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < examples.Count; i++)
        {
            var e = examples[i];
            sb.Append("# Example ").Append(i + 1).Append("\n## Inputs\n");
            foreach (var (k, v) in e.Inputs) sb.Append("### ").Append(k).Append('\n').Append(Text(v)).Append('\n');
            sb.Append("## Generated Outputs\n");
            if (e.Outputs is null) sb.Append("(the step did not produce outputs)\n");
            else foreach (var (k, v) in e.Outputs) sb.Append("### ").Append(k).Append('\n').Append(Text(v)).Append('\n');
            sb.Append("## Feedback\n").Append(e.Feedback).Append("\n\n");
        }
        return sb.ToString().TrimEnd();
    }

    private static string Text(object? value)
    {
        var text = value switch
        {
            null => "",
            string s => s,
            IEnumerable<string> list => string.Join("\n", list.Select((s, i) => $"[{i + 1}] {s}")),
            _ => value.ToString() ?? "",
        };
        return text.Length <= MaxValueLength ? text : text[..MaxValueLength] + " …";
    }
}
