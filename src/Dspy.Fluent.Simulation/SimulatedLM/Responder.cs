using System.Globalization;
using System.Text.RegularExpressions;

namespace Dspy.Fluent.Simulation;

/// <summary>
/// Decides what the simulated model says for each output field: it recognises the task from the output fields
/// (an instruction to propose, a judgement, a search query, an answer) and fills every field with a value of its type.
/// </summary>
internal static partial class Responder
{
    /// <summary>One ReAct turn (<c>next_thought</c>, <c>next_tool_name</c>, <c>next_tool_args</c>) for a loop prompt that asks for a native function call.</summary>
    public static Dictionary<string, string> AgentTurn(ReadPrompt prompt, Knobs knobs, Decisions decisions) =>
        AgentPlanner.Next(prompt, QuestionText(prompt), knobs, decisions);

    public static Dictionary<string, string> Respond(ReadPrompt prompt, Knobs knobs, Decisions decisions, string systemMessage)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var outputs = prompt.OutputFields;

        if (prompt.HasOutput("module_advice"))
        {
            foreach (var (name, value) in RuleWriter.Advise(prompt, decisions)) values[name] = value;
        }
        else if (outputs.FirstOrDefault(f => f.Name.Contains("rules", StringComparison.OrdinalIgnoreCase)) is { } rulesField)
        {
            values[rulesField.Name] = RuleWriter.Induce(prompt, decisions);
            values.TryAdd("reasoning", "I looked for what the examples' outputs have in common.");
        }
        else if (outputs.FirstOrDefault(f => f.Name.Contains("instruction", StringComparison.OrdinalIgnoreCase)) is { } instructionField)
        {
            values[instructionField.Name] = InstructionProposer.Propose(prompt, decisions);
            values.TryAdd("reasoning", "I looked at what the task needs and what went wrong before.");
        }
        else if (prompt.HasOutput("recall") && prompt.HasOutput("precision"))
        {
            var reference = prompt.Input("ground_truth") ?? prompt.Input("reference") ?? prompt.Input("answer") ?? "";
            var response = prompt.Input("system_response") ?? prompt.Input("response") ?? prompt.Input("prediction") ?? "";
            var (recall, precision) = Judge.Score(reference, response);
            values["recall"] = recall.ToString("0.##", CultureInfo.InvariantCulture);
            values["precision"] = precision.ToString("0.##", CultureInfo.InvariantCulture);
            values.TryAdd("reasoning", $"The response covers {recall:P0} of the reference and {precision:P0} of it is supported.");
        }
        else if (prompt.HasOutput("next_tool_name") && prompt.HasOutput("next_tool_args"))
        {
            foreach (var (name, value) in AgentPlanner.Next(prompt, QuestionText(prompt), knobs, decisions)) values[name] = value;
        }
        else if (CodeActPlanner.Handles(prompt))
        {
            foreach (var (name, value) in CodeActPlanner.Next(prompt, QuestionText(prompt), knobs, decisions)) values[name] = value;
        }
        else if (RlmPlanner.Handles(prompt))
        {
            foreach (var (name, value) in RlmPlanner.Next(prompt)) values[name] = value;
        }
        else if (prompt.Inputs.ContainsKey("variables_info") && prompt.InputFields.Any(f => f.Name == "repl_history"))
        {
            foreach (var f in outputs) values[f.Name] = RlmPlanner.Extract(prompt);
        }
        else if (CodeWriter.CodeField(prompt) is { } codeField && QuestionText(prompt).Length > 0)
        {
            foreach (var (name, value) in CodeWriter.Write(prompt, codeField, QuestionText(prompt), knobs, decisions)) values[name] = value;
        }
        else if (outputs.FirstOrDefault(f => f.Name.Contains("query", StringComparison.OrdinalIgnoreCase)) is { } queryField)
        {
            var question = QuestionShape.Of(QuestionText(prompt));
            var context = Passage.ParseContext(prompt.Input("context") ?? prompt.Input("passages"));
            var (query, reasoning) = QueryWriter.Write(question, context, decisions.Chance("bridge-query", knobs.BridgeQueries));
            values[queryField.Name] = query;
            values["reasoning"] = reasoning;
        }
        else if (QuestionText(prompt).Length > 0)
        {
            var question = QuestionShape.Of(QuestionText(prompt));
            var context = Passage.ParseContext(prompt.Input("context") ?? prompt.Input("passages") ?? prompt.Input("contexts"));
            var turns = AgentTrajectory.Read(prompt.Inputs);
            if (turns.Count == 0) turns = CodeActPlanner.Turns(prompt.Inputs);
            if (context.Count == 0 && turns.Count > 0) context = AgentTrajectory.Passages(turns);
            var reading = Computed(prompt, question.Text, turns, context, knobs, decisions)
                ?? new Reader(context).Read(question, decisions.Chance("chain", knobs.Chaining));
            // MultiChainComparison writes a `rationale` before the answer: it is reasoning, not the answer.
            var main = outputs.FirstOrDefault(f => f.Name is not ("reasoning" or "rationale"));
            if (main is not null)
            {
                var concise = decisions.Chance("brevity", knobs.Brevity);
                values[main.Name] = concise ? reading.Answer : Verbose(reading, decisions);
            }
            values["reasoning"] = string.Join(" ", reading.Steps);
            values["rationale"] = values["reasoning"];
        }

        foreach (var field in outputs)
        {
            if (values.TryGetValue(field.Name, out var v)) values[field.Name] = Coerce(v, field, systemMessage, prompt);
            else values[field.Name] = Coerce(Generic(prompt), field, systemMessage, prompt);
        }
        return outputs.ToDictionary(f => f.Name, f => values[f.Name], StringComparer.Ordinal);
    }

    /// <summary>
    /// An arithmetic answer: what code printed (ProgramOfThought's answer step), a calculator's result in an agent's
    /// trajectory, or — with nothing computed and no context — hasty mental arithmetic.
    /// </summary>
    private static Reading? Computed(ReadPrompt prompt, string question, IReadOnlyList<AgentTurn> turns, IReadOnlyList<Passage> context, Knobs knobs, Decisions decisions)
    {
        if (CodeWriter.CodeOutput(prompt) is { } output)
        {
            var value = CodeWriter.AnswerFromOutput(output);
            return new Reading(value, "", "", [$"The code's output is {output.Trim()}.", $"So the answer is {value}."], null);
        }
        if (!WordProblem.IsArithmetic(question)) return null;
        if (turns.LastOrDefault(t => t.Number is not null) is { } calculated)
        {
            var value = WordProblem.Format(calculated.Number!.Value);
            return new Reading(value, "", "", [$"The {calculated.Tool} tool returned {value}.", $"So the answer is {value}."], null);
        }
        if (context.Count > 0) return null;
        var steps = WordProblem.Solve(question, decisions.Chance("careful-math", knobs.Chaining - 0.3));
        if (steps.Count == 0) return null;
        var answer = WordProblem.Format(steps[^1].Value);
        return new Reading(answer, "", "", [.. steps.Where(s => s.Expression != WordProblem.Format(s.Value)).Select(s => $"{s.Expression} = {WordProblem.Format(s.Value)}."), $"So the answer is {answer}."], null);
    }

    private static string QuestionText(ReadPrompt prompt) =>
        prompt.Input("question") ?? prompt.Input("query") ?? prompt.Input("claim") ?? prompt.InputFields.Select(f => prompt.Input(f.Name)).FirstOrDefault(v => v?.TrimEnd().EndsWith('?') == true) ?? "";

    private static string Verbose(Reading reading, Decisions decisions) => decisions.Pick("verbose-style", 3) switch
    {
        0 => $"The answer is {reading.Answer}.",
        1 when reading.Sentence.Length > 0 => reading.Sentence,
        _ => reading.Title.Length > 0 ? $"{reading.Answer}, according to the passage about {reading.Title}." : $"It is {reading.Answer}.",
    };

    /// <summary>Something sensible for a field no task above fills: the input sentence that best matches the instructions.</summary>
    private static string Generic(ReadPrompt prompt)
    {
        var words = Lexicon.ContentWords(prompt.Instructions);
        var sentences = prompt.Inputs.Values.SelectMany(Passage.SplitSentences).ToList();
        return sentences.OrderByDescending(s => Lexicon.Overlap(words, s)).FirstOrDefault() ?? "N/A";
    }

    /// <summary>Writes a value so it parses as the field's type: numbers, booleans, choices and lists.</summary>
    private static string Coerce(string value, ReadField field, string systemMessage, ReadPrompt prompt)
    {
        var type = field.Type;
        if (type is "str" || type.StartsWith("Union[str", StringComparison.Ordinal)) return value;
        if (type is "int" or "Union[int, NoneType]")
            return Number().Match(value) is { Success: true } m ? m.Value.Split('.')[0] : FirstNumber(prompt) ?? "0";
        if (type is "float" or "Union[float, NoneType]")
            return Number().Match(value) is { Success: true } f ? f.Value : FirstNumber(prompt) ?? "0.0";
        if (type is "bool")
            return Lexicon.ContainsAny(value, "no", "false", "not") && !Lexicon.ContainsAny(value, "yes", "true") ? "False" : "True";
        if (Choices(field, systemMessage) is { Count: > 0 } choices)
        {
            var words = Lexicon.ContentWords(value + " " + string.Join(" ", prompt.Inputs.Values));
            return choices.FirstOrDefault(c => value.Contains(c, StringComparison.OrdinalIgnoreCase))
                ?? choices.OrderByDescending(c => Lexicon.Overlap(words, c)).First();
        }
        if (type.StartsWith("list[", StringComparison.Ordinal))
            return value.TrimStart().StartsWith('[') ? value : "[" + string.Join(", ", value.Split(',').Select(s => "\"" + s.Trim().Replace("\"", "'") + "\"")) + "]";
        if (type.StartsWith("dict[", StringComparison.Ordinal)) return value.TrimStart().StartsWith('{') ? value : "{}";
        return value;
    }

    private static string? FirstNumber(ReadPrompt prompt) =>
        prompt.Inputs.Values.Select(v => Number().Match(v)).FirstOrDefault(m => m.Success)?.Value;

    private static List<string> Choices(ReadField field, string systemMessage)
    {
        if (field.Type.StartsWith("Literal[", StringComparison.Ordinal))
            return LiteralValue().Matches(field.Type).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToList();
        var note = Regex.Match(systemMessage, $@"\{{{Regex.Escape(field.Name)}\}}        # note: the value you produce must be one of: ([^\n]*)");
        return note.Success ? note.Groups[1].Value.Split("; ").ToList() : [];
    }

    [GeneratedRegex(@"-?\d+(?:\.\d+)?")]
    private static partial Regex Number();

    [GeneratedRegex(@"'([^']*)'|""([^""]*)""")]
    private static partial Regex LiteralValue();
}
