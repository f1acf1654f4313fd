namespace Dspy.Fluent;

public sealed partial class ProgramOfThought
{
    private enum Mode { Generate, Regenerate, Answer }

    /// <summary>DSPy's <c>_generate_signature</c> and <c>_generate_instruction</c>, for the interpreter's language.</summary>
    private static Signature Build(Signature task, Mode mode, string language)
    {
        var fields = new List<Field>(task.InputFields);
        switch (mode)
        {
            case Mode.Generate:
                fields.Add(Field.Output(GeneratedCodeField, $"{language} code that answers the question"));
                break;
            case Mode.Regenerate:
                fields.Add(Field.Input("previous_code", $"previously-generated {language} code that errored"));
                fields.Add(Field.Input("error", $"error message from previously-generated {language} code"));
                fields.Add(Field.Output(GeneratedCodeField, $"{language} code that answers the question"));
                break;
            default:
                fields.Add(Field.Input(FinalCodeField, $"{language} code that answers the question"));
                fields.Add(Field.Input(CodeOutputField, $"output of previously-generated {language} code"));
                fields.AddRange(task.OutputFields);
                break;
        }
        var modeInputs = Quoted(fields.Where(f => f.IsInput));
        var modeOutputs = Quoted(fields.Where(f => f.IsOutput));
        var finalOutputs = Quoted(task.OutputFields);
        var instructions = mode switch
        {
            Mode.Generate => string.Join("\n",
                $"You will be given {modeInputs} and you will respond with {modeOutputs}.",
                $"Generating executable {language} code that programmatically computes the correct {finalOutputs}.",
                $"After you're done with the computation, make sure the last line in your code evaluates to the correct value for {finalOutputs}.",
                "The code runs in a sandbox with no imports, files or network; print(...) or console.log(...) output is shown along with the value of the last line."),
            Mode.Regenerate => string.Join("\n",
                $"You are given {modeInputs} due to an error in previous code.",
                $"Your task is to correct the error and provide the new `{GeneratedCodeField}`."),
            _ => $"Given the final code {modeInputs}, provide the final {modeOutputs}.",
        };
        return Signature.Create(fields, instructions);
    }

    private static string Quoted(IEnumerable<Field> fields) => string.Join(", ", fields.Select(f => $"`{f.Name}`"));
}
