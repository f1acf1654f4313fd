using System.Text;
using System.Text.RegularExpressions;

namespace Dspy.Fluent.Simulation;

/// <summary>
/// Plays ProgramOfThought's three steps. Writing: it sets the word problem up as named quantities
/// (<see cref="WordProblem"/>) and writes them as code in the language the field asks for, ending with the answer's
/// value; a small model's habit is to slip into Python inside JavaScript (an f-string <c>print</c>), which the sandbox
/// rejects. Fixing: it reads the error and the previous code and repairs what the error names. Answering: it reads the
/// number the code printed or returned.
/// </summary>
internal static partial class CodeWriter
{
    /// <summary>The output field a code-writing step asks for: a string output named like <c>*code*</c>.</summary>
    public static ReadField? CodeField(ReadPrompt prompt) =>
        prompt.OutputFields.FirstOrDefault(f => f.Name.Contains("code", StringComparison.OrdinalIgnoreCase) && f.Type == "str");

    /// <summary>The input carrying what code printed or returned (ProgramOfThought's <c>code_output</c>).</summary>
    public static string? CodeOutput(ReadPrompt prompt) =>
        prompt.InputFields.Where(f => f.Name.Contains("output", StringComparison.OrdinalIgnoreCase) && (f.Name.Contains("code", StringComparison.OrdinalIgnoreCase) ||
            f.Description.Contains("code", StringComparison.OrdinalIgnoreCase))).Select(f => prompt.Input(f.Name)).FirstOrDefault(v => v is not null);

    public static Dictionary<string, string> Write(ReadPrompt prompt, ReadField field, string question, Knobs knobs, Decisions decisions)
    {
        var python = Lexicon.ContainsAny(field.Description + " " + prompt.Instructions, "python") && !Lexicon.ContainsAny(field.Description, "javascript");
        var previous = prompt.Inputs.FirstOrDefault(kv => kv.Key.Contains("previous", StringComparison.Ordinal) && kv.Key.Contains("code", StringComparison.Ordinal)).Value;
        var error = prompt.Input("error");
        if (previous is not null && error is not null && Fix(previous, error) is { } fixedCode)
            return Reply(fixedCode.Code, fixedCode.Why, field);

        var codeDemos = prompt.Demos.Count(d => d.Outputs.ContainsKey(field.Name));
        var careful = decisions.Chance("careful-math", Math.Min(0.97, knobs.Chaining + (codeDemos > 0 ? 0.1 : 0)));
        var steps = WordProblem.Solve(question, careful);
        if (steps.Count == 0)
            return Reply(python ? "answer = None\nprint(answer)" : "const answer = null;\nanswer;", "The question gives no numbers to compute with.", field);
        var pythonHabit = !python && decisions.Chance("python-habit", codeDemos > 0 ? 0.02 : 0.25);
        var printing = decisions.Chance("print-style", 0.5);
        var code = new StringBuilder();
        foreach (var q in steps)
            code.Append(python || pythonHabit ? $"{q.Name} = {q.Expression}\n" : $"const {q.Name} = {q.Expression};\n");
        var last = steps[^1].Name;
        code.Append(python ? $"print({last})" : pythonHabit ? $"print(f\"The answer is {{{last}}}\")" : printing ? $"console.log({last});" : $"{last};");
        var why = string.Join(" ", steps.Where(s => s.Expression != WordProblem.Format(s.Value)).Select(s => $"{s.Name} = {s.Expression} = {WordProblem.Format(s.Value)}."));
        return Reply(code.ToString(), $"I name the numbers in the problem and combine them. {why}".Trim(), field);
    }

    /// <summary>The answer step: the last number the code produced (its printed lines, then its value).</summary>
    public static string AnswerFromOutput(string output)
    {
        var numbers = NumberToken().Matches(output);
        return numbers.Count > 0 ? numbers[^1].Value : output.Trim().Split('\n')[^1].Trim();
    }

    /// <summary>Repairs what the error names: Python's f-strings and built-ins in JavaScript, an undeclared name, a stray import.</summary>
    private static (string Code, string Why)? Fix(string previous, string error)
    {
        var code = Fence().Match(previous) is { Success: true } m ? m.Groups["code"].Value.Trim() : previous.Trim();
        var fixes = new List<string>();
        if (Lexicon.ContainsAny(error, "SyntaxError", "Unexpected", "unexpected") && FString().IsMatch(code))
        {
            code = FString().Replace(code, f => "`" + Placeholder().Replace(f.Groups["body"].Value, p => "${" + p.Groups[1].Value + "}") + "`");
            fixes.Add("JavaScript has no f-strings, so the message is now a template literal");
        }
        if (Lexicon.ContainsAny(error, "SyntaxError", "Unexpected", "unexpected") && ImportLine().IsMatch(code))
        {
            code = ImportLine().Replace(code, "");
            fixes.Add("the sandbox has no imports, so the import line is gone");
        }
        if (NotDefined().Match(error) is { Success: true } undefined)
        {
            var name = undefined.Groups["name"].Value;
            var replacement = name switch { "math" => "Math", "round" => "Math.round", "abs" => "Math.abs", "int" => "Math.trunc", "float" => "Number", "len" => null, _ => null };
            if (replacement is null) return null;
            code = Regex.Replace(code, $@"\b{Regex.Escape(name)}\b", replacement);
            fixes.Add($"{name} is not defined in JavaScript, so I use {replacement}");
        }
        if (fixes.Count == 0) return null;
        return (code.Trim(), $"The error says: {error.Split('\n')[0]}. I fix it: {string.Join("; ", fixes)}.");
    }

    private static Dictionary<string, string> Reply(string code, string reasoning, ReadField field) => new(StringComparer.Ordinal)
    {
        [field.Name] = $"```{(field.Description.Contains("Python", StringComparison.Ordinal) ? "python" : "javascript")}\n{code}\n```",
        ["reasoning"] = reasoning,
    };

    [GeneratedRegex(@"-?\d+(?:\.\d+)?")]
    private static partial Regex NumberToken();

    [GeneratedRegex(@"```[a-zA-Z]*\s*\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"\bf""(?<body>[^""\n]*)""")]
    private static partial Regex FString();

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z_0-9]*)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^\s*(?:import|from)\s+\w+.*$\n?", RegexOptions.Multiline)]
    private static partial Regex ImportLine();

    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z_0-9]*) is not defined")]
    private static partial Regex NotDefined();
}
