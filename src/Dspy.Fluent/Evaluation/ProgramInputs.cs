namespace Dspy.Fluent;

/// <summary>How a devset example becomes a program's input when no mapping is given.</summary>
public static class ProgramInputs
{
    /// <summary>The default mapping from an example to <typeparamref name="TIn"/>.</summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <returns>
    /// <list type="bullet">
    /// <item><see cref="Example"/>: the example's marked inputs (<c>example.Inputs()</c>, as DSPy's <c>program(**example.inputs())</c>);
    /// an example with no inputs marked is an error that says to call <c>WithInputs</c>;</item>
    /// <item><see cref="string"/>: the text of the only input (or of <c>question</c> when several are marked);</item>
    /// <item>any record: <c>example.ToRecord&lt;TIn&gt;()</c>, properties matched to fields by snake_case name.</item>
    /// </list>
    /// </returns>
    /// <remarks>For anything else pass your own <c>Func&lt;Example, TIn&gt;</c> to <see cref="Evaluate"/>.</remarks>
    public static Func<Example, TIn> Default<TIn>()
    {
        if (typeof(TIn) == typeof(Example)) return example => (TIn)(object)ExampleInputs(example);
        if (typeof(TIn) == typeof(string)) return example => (TIn)(object)SingleInput(example);
        return example => Internal.RecordValues.ToRecord<TIn>(example);
    }

    private static Example ExampleInputs(Example example)
    {
        if (example.InputKeys.Count == 0)
            throw new ArgumentException(
                $"The example has no fields marked as inputs (its fields are {string.Join(", ", example.Keys)}). Mark them with example.WithInputs(\"question\"), as DSPy's with_inputs.");
        return example.Inputs();
    }

    private static string SingleInput(Example example)
    {
        var keys = example.InputKeys;
        if (keys.Count == 1) return example.GetText(keys[0]);
        if (example.ContainsKey("question") && (keys.Count == 0 || keys.Contains("question"))) return example.GetText("question");
        throw new ArgumentException(
            $"A program taking a string needs one input, but the example marks [{string.Join(", ", keys)}] and has no 'question'. Pass a Func<Example, string> to Evaluate.");
    }
}
