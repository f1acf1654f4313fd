using System.Globalization;
using System.Text;
using Dspy.Fluent.Internal;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

public sealed partial class RLM
{
    /// <summary>DSPy's <c>ACTION_INSTRUCTIONS_TEMPLATE</c>, with the language named where DSPy says Python.</summary>
    private static string ActionInstructions(string inputs, string outputFields, string language, string rules, string submitNames, int maxLlmCalls) =>
        $"""
        You are tasked with producing the following outputs given the inputs {inputs}:
        {outputFields}

        You have access to a {language} REPL environment. Write {language} code and it will be executed. You will see the output, then write more code based on what you learned. This is an iterative process.
        {rules}
        Available:
        - Variables: {inputs} (your input data)
        - `llm_query(prompt)` - query a sub-LLM (~500K char capacity) for semantic analysis
        - `llm_query_batched(prompts)` - query multiple prompts concurrently (much faster for multiple queries)
        - `print()` - ALWAYS print to see results
        - `SUBMIT({submitNames})` - submit final output when done

        IMPORTANT: This is ITERATIVE. Each code block you write will execute, you'll see the output, then you decide what to do next. Do NOT try to solve everything in one step.

        1. EXPLORE FIRST - Look at your data before processing it. Print samples, check types/lengths, understand the structure.
        2. ITERATE - Write small code snippets, observe outputs, then decide next steps. State persists between iterations.
        3. VERIFY BEFORE SUBMITTING - If results seem wrong (zeros, empty, unexpected), reconsider your approach.
        4. USE llm_query FOR SEMANTICS - String matching finds WHERE things are; llm_query understands WHAT things mean.
        5. MINIMIZE RETYPING (INPUTS & OUTPUTS) - When values are long, precise, or error-prone (IDs, numbers, code, quotes), re-access them via variables and parse/compute in code instead of retyping. Use small, targeted prints to sanity-check, but avoid manual copying when variables can carry the exact value.
        6. SUBMIT ONLY AFTER SEEING OUTPUTS - SUBMIT ends the current run immediately. If you need to inspect printed output, run it in one step, review the result, then call SUBMIT in a later step.

        You have max {maxLlmCalls} sub-LLM calls. When done, call SUBMIT() with your output.
        """.ReplaceLineEndings("\n");

    private const string ExtractInstructions = "Based on the REPL trajectory, extract the final outputs now.\n\n            Review your trajectory to see what information you gathered and what values you computed, then provide the final outputs.";

    /// <summary>DSPy's <c>_build_signatures</c>: the action and extract signatures.</summary>
    private static (Signature Action, Signature Extract) Build(Signature task, RLMOptions options, ICodeSessionFactory sandbox)
    {
        var language = sandbox.Language;
        var inputs = string.Join(", ", task.InputFields.Select(f => $"`{f.Name}`"));
        var submitNames = string.Join(", ", task.OutputFields.Select(f => f.Name));
        var outputFields = string.Join("\n", task.OutputFields.Select(f => $"- {ChatAdapter.Placeholder(f)}"));
        var taskInstructions = string.IsNullOrEmpty(task.Instructions) ? "" : $"{task.Instructions}\n\n";
        var rules = string.IsNullOrEmpty(sandbox.ExecutionInstructions) ? "" : $"\nExecution environment:\n{sandbox.ExecutionInstructions}\n";
        var instructions = taskInstructions + ActionInstructions(inputs, outputFields, language, rules, submitNames, options.MaxLLMCalls) + ToolDocs(options.Tools);
        var fence = language.ToLowerInvariant();
        var action = Signature.Create(
        [
            Field.Input(VariablesInfoField, "Metadata about the variables available in the REPL"),
            Field.Input(ReplHistoryField, "Previous REPL code executions and their outputs", FieldType.TextNamed("REPLHistory")),
            Field.Input(IterationField, "Current iteration number (1-indexed) out of max_iters"),
            Field.Output(ReasoningField, "Think step-by-step: what do you know? What remains? Plan your next action."),
            Field.Output(CodeField, $"{language} code to execute. Use markdown code block format: ```{fence}\\n<code>\\n```"),
        ], instructions);
        var extractInstructions = (taskInstructions.Length > 0 ? "The trajectory was generated with the following objective: \n" + taskInstructions + "\n" : "") + ExtractInstructions;
        var extract = Signature.Create(
            [
                Field.Input(VariablesInfoField, "Metadata about the variables available in the REPL"),
                Field.Input(ReplHistoryField, "Your REPL interactions so far", FieldType.TextNamed("REPLHistory")),
                .. task.OutputFields,
            ], extractInstructions);
        return (action, extract);
    }

    /// <summary>DSPy's <c>_format_tool_docs</c>.</summary>
    private static string ToolDocs(IReadOnlyList<AIFunction> tools)
    {
        if (tools.Count == 0) return "";
        var lines = new List<string> { "\nAdditional tools available (use these instead of standard library equivalents):" };
        foreach (var tool in tools)
        {
            var schema = tool.JsonSchema;
            var parameters = ToolFunctions.Parameters(tool).Select(p =>
                schema.GetProperty("properties").GetProperty(p) is { ValueKind: System.Text.Json.JsonValueKind.Object } s && s.TryGetProperty("type", out var t) && t.ValueKind == System.Text.Json.JsonValueKind.String
                    ? $"{p}: {t.GetString()}" : $"{p}: Any");
            var desc = (string.IsNullOrEmpty(tool.Description) ? "No description" : tool.Description).Replace("\n", "  ", StringComparison.Ordinal);
            lines.Add($"- `{tool.Name}({string.Join(", ", parameters)})` - {desc}");
        }
        return string.Join("\n", lines);
    }

    /// <summary>DSPy's <c>REPLVariable.format</c>, with the value's JavaScript type.</summary>
    internal static string DescribeVariable(Field field, object? value)
    {
        var text = value switch
        {
            null => "None",
            string s => s,
            System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.String } e => e.GetString()!,
            System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Object or System.Text.Json.JsonValueKind.Array } e => PythonJson.Serialize(e, indent: 2),
            System.Collections.IEnumerable or System.Collections.IDictionary => PythonJson.Serialize(value, indent: 2),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
        var preview = text.Length > 1000 ? text[..500] + "..." + text[^500..] : text;
        var sb = new StringBuilder();
        sb.Append("Variable: `").Append(field.Name).Append("` (access it in your code)\n");
        sb.Append("Type: ").Append(JavaScriptType(value)).Append('\n');
        if (!string.IsNullOrEmpty(field.Description) && !field.Description.StartsWith("${", StringComparison.Ordinal))
            sb.Append("Description: ").Append(field.Description).Append('\n');
        sb.Append("Total length: ").Append(text.Length.ToString("N0", CultureInfo.InvariantCulture)).Append(" characters\n");
        sb.Append("Preview:\n```\n").Append(preview).Append("\n```");
        return sb.ToString();
    }

    private static string JavaScriptType(object? value) => value switch
    {
        null => "null",
        string => "string",
        bool => "boolean",
        System.Text.Json.JsonElement e => e.ValueKind switch
        {
            System.Text.Json.JsonValueKind.String => "string",
            System.Text.Json.JsonValueKind.Number => "number",
            System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
            System.Text.Json.JsonValueKind.Array => "array",
            System.Text.Json.JsonValueKind.Object => "object",
            _ => "null",
        },
        System.Collections.IDictionary => "object",
        System.Collections.IEnumerable => "array",
        double or float or decimal or int or long or short or byte => "number",
        _ => "object",
    };

    /// <summary>DSPy's <c>REPLHistory.format</c>, with the code fenced in the sandbox's language.</summary>
    internal static string FormatHistory(IReadOnlyList<RLMStep> steps, int maxOutputChars, string fence)
    {
        if (steps.Count == 0) return "You have not interacted with the REPL environment yet.";
        var sb = new StringBuilder();
        for (var i = 0; i < steps.Count; i++)
        {
            if (i > 0) sb.Append('\n');
            var s = steps[i];
            sb.Append("=== Step ").Append(i + 1).Append(" ===\n");
            if (s.Reasoning.Length > 0) sb.Append("Reasoning: ").Append(s.Reasoning).Append('\n');
            sb.Append("Code:\n```").Append(fence).Append('\n').Append(s.Code).Append("\n```\n");
            var output = s.Output;
            var raw = output.Length;
            if (raw > maxOutputChars)
            {
                var half = maxOutputChars / 2;
                output = output[..half] + $"\n\n... ({(raw - maxOutputChars).ToString("N0", CultureInfo.InvariantCulture)} characters omitted) ...\n\n" + output[^half..];
            }
            sb.Append("Output (").Append(raw.ToString("N0", CultureInfo.InvariantCulture)).Append(" chars):\n").Append(output);
        }
        return sb.ToString();
    }

    /// <summary>DSPy's <c>_strip_code_fences</c>, accepting JavaScript fences (and bare ones) where DSPy accepts Python's.</summary>
    internal static (string Code, string? Error) StripFences(string text, string language)
    {
        var code = text.Trim();
        if (!code.Contains("```", StringComparison.Ordinal)) return (code, null);
        var lines = code.Split('\n').ToList();
        while (lines.Count >= 2 && lines[0].Trim() == "```" && lines[^1].Trim() == "```")
        {
            lines.RemoveAt(0);
            lines.RemoveAt(lines.Count - 1);
        }
        code = string.Join("\n", lines).Trim();
        if (!code.Contains("```", StringComparison.Ordinal)) return (code, null);
        var start = code.IndexOf("```", StringComparison.Ordinal);
        var rest = code[(start + 3)..];
        var newline = rest.IndexOf('\n', StringComparison.Ordinal);
        if (newline < 0) return (code, null);
        var langLine = rest[..newline].Trim();
        var lang = langLine.Length == 0 ? "" : langLine.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[0].ToLowerInvariant();
        if (lang is not ("" or "javascript" or "js" or "ecmascript" or "mjs"))
            return (text, $"Expected {language} code but got ```{lang} fence. Write {language} code, not {lang}.");
        var remainder = rest[(newline + 1)..];
        var end = remainder.IndexOf("```", StringComparison.Ordinal);
        return (end < 0 ? remainder.Trim() : remainder[..end].Trim(), null);
    }
}
