using Dspy.Fluent.Internal;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

public sealed partial class CodeAct
{
    /// <summary>DSPy's <c>CodeAct.__init__</c> signature and <c>_build_instructions</c>, for the sandbox's language.</summary>
    private static Signature Loop(Signature task, IReadOnlyList<AIFunction> tools, string language)
    {
        var inputs = string.Join(", ", task.InputFields.Select(f => $"`{f.Name}`"));
        var outputs = string.Join(", ", task.OutputFields.Select(f => $"`{f.Name}`"));
        var lines = new List<string>();
        if (!string.IsNullOrEmpty(task.Instructions)) lines.Add(task.Instructions + "\n");
        lines.Add(string.Join("\n",
            $"You are an intelligent agent. For each episode, you will receive the fields {inputs} as input.",
            $"Your goal is to generate executable {language} code that collects any necessary information for producing {outputs}.",
            "For each iteration, you will generate a code snippet that either solves the task or progresses towards the solution.",
            "Ensure any output you wish to extract from the code is printed to the console. The code should be enclosed in a fenced code block.",
            $"When all information for producing the outputs ({outputs}) are available to be extracted, mark `finished=True` besides the final {language} code.",
            $"You have access to the {language} built-in objects and the following functions:"));
        for (var i = 0; i < tools.Count; i++) lines.Add($"({i + 1}) {ReActPrompts.DescribeTool(tools[i])}");
        return Signature.Create(task.InputFields, string.Join("\n", lines))
            .Append(Field.Input(TrajectoryField))
            .Append(Field.Output(GeneratedCodeField, $"{language} code that when executed, produces output relevant to answering the question"))
            .Append(Field.Output(FinishedField, "a boolean flag to determine if the process is done", FieldType.Boolean));
    }
}
