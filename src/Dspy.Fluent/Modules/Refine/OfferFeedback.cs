using System.Text;

namespace Dspy.Fluent.Internal;

/// <summary>
/// DSPy's <c>OfferFeedback</c> signature and the text it is given: after an attempt scores below the threshold, an
/// LM assigns blame per module and writes concrete advice for the next attempt.
/// </summary>
internal static class OfferFeedback
{
    public const string AdviceField = "advice";

    private const string Instructions =
        "In the discussion, assign blame to each module that contributed to the final reward being below the threshold, if\n" +
        "any. Then, prescribe concrete advice of how the module should act on its future input when we retry the process, if\n" +
        "it were to receive the same or similar inputs. If a module is not to blame, the advice should be N/A.\n" +
        "The module will not see its own history, so it needs to rely on entirely concrete and actionable advice from you\n" +
        "to avoid the same mistake on the same or similar inputs.";

    public static readonly Signature Signature = Signature.Create(
    [
        Field.Input("program_code", "The code of the program that we are analyzing"),
        Field.Input("modules_defn", "The definition of each module in the program, including its I/O"),
        Field.Input("program_inputs", "The inputs to the program that we are analyzing"),
        Field.Input("program_trajectory", "The trajectory of the program's execution, showing each module's I/O"),
        Field.Input("program_outputs", "The outputs of the program that we are analyzing"),
        Field.Input("reward_code", "The code of the reward function that we are analyzing"),
        Field.Input("target_threshold", "The target threshold for the reward function", FieldType.Float),
        Field.Input("reward_value", "The reward value assigned to the program's outputs", FieldType.Float),
        Field.Input("module_names", "The names of the modules in the program, for which we seek advice", FieldType.ListOf(FieldType.String)),
        Field.Output("discussion", "Discussing blame of where each module went wrong, if it did"),
        Field.Output(AdviceField,
            "For each module, describe very concretely, in this order: the specific scenarios in which it has made mistakes in the past " +
            "and what each mistake was, followed by what it should do differently in that kind ofscenario in the future. If the module is not to blame, write N/A.",
            FieldType.DictionaryOf(FieldType.String, FieldType.String)),
    ], Instructions).WithName("OfferFeedback");

    /// <summary>The advice step's inputs; non-text values are JSON with a 2-space indent, as DSPy sends them.</summary>
    public static Example Inputs(string programCode, IReadOnlyList<(string Name, Signature Signature)> modules, object? programInputs,
        IReadOnlyList<TraceEntry> trace, object? programOutputs, string rewardCode, double threshold, double reward)
    {
        var trajectory = trace.Select(t => new Dictionary<string, object?>
        {
            ["module_name"] = t.Name,
            ["inputs"] = t.Inputs,
            ["outputs"] = t.Outputs,
        }).ToArray();
        var values = new Dictionary<string, object?>
        {
            ["program_code"] = programCode,
            ["modules_defn"] = InspectModules(modules),
            ["program_inputs"] = Json(programInputs),
            ["program_trajectory"] = Json(trajectory),
            ["program_outputs"] = Json(programOutputs),
            ["reward_code"] = rewardCode,
            ["target_threshold"] = Json(threshold),
            ["reward_value"] = Json(reward),
            ["module_names"] = Json(modules.Select(m => m.Name).ToArray()),
        };
        var example = Example.From(values);
        return example.WithInputs(example.Keys);
    }

    private static string Json(object? value) => PythonJson.Serialize(value, indent: 2);

    /// <summary>DSPy's <c>inspect_modules</c>: each module's input and output fields and original instructions between rules.</summary>
    public static string InspectModules(IReadOnlyList<(string Name, Signature Signature)> modules)
    {
        var separator = new string('-', 80);
        var output = new List<string> { separator };
        foreach (var (name, signature) in modules)
        {
            output.Add($"Module {name}");
            output.Add("\n\tInput Fields:");
            output.Add(Indented(ChatAdapter.DescribeFields(signature.InputFields)));
            output.Add("\tOutput Fields:");
            output.Add(Indented(ChatAdapter.DescribeFields(signature.OutputFields)));
            output.Add($"\tOriginal Instructions: {Indented(Dedent(signature.Instructions))}");
            output.Add(separator);
        }
        return string.Join("\n", output.Select(o => o.Trim('\n')));
    }

    private static string Indented(string text)
    {
        var sb = new StringBuilder();
        foreach (var line in PyText.SplitLines(text)) sb.Append("\n\t\t").Append(line);
        return sb.ToString();
    }

    /// <summary>Python's <c>textwrap.dedent</c>: removes the whitespace every non-blank line starts with.</summary>
    private static string Dedent(string text)
    {
        var lines = text.Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0)
            .Select(l => l[..(l.Length - l.TrimStart(' ', '\t').Length)])
            .DefaultIfEmpty("")
            .Aggregate((a, b) => CommonPrefix(a, b));
        if (indent.Length == 0) return text;
        return string.Join('\n', lines.Select(l => l.StartsWith(indent, StringComparison.Ordinal) ? l[indent.Length..] : l.Trim().Length == 0 ? "" : l));
    }

    private static string CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n]) n++;
        return a[..n];
    }
}
