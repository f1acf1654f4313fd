namespace Dspy.Fluent;

/// <summary>How a DSPy <c>program.save</c> file maps onto a program here.</summary>
/// <example>
/// <code>
/// var loaded = await baleen.LoadDspyStateAsync("baleen.json", new DspyImportOptions { FieldTypes = DspyFieldTypes.AsDeclaredHere });
/// </code>
/// </example>
public sealed record DspyImportOptions
{
    /// <summary>The defaults: DSPy's dotted names with <c>.predict</c> dropped, and fields assumed untyped (<c>str</c>) as DSPy's default.</summary>
    public static DspyImportOptions Default { get; } = new();

    /// <summary>Maps DSPy's dotted names (e.g. <c>generate_answer.predict</c>) to this program's predictor names; null drops <c>.predict</c>.</summary>
    public Func<string, string>? MapName { get; init; }

    /// <summary>What to assume about field types, which DSPy's files do not record.</summary>
    public DspyFieldTypes FieldTypes { get; init; } = DspyFieldTypes.Untyped;
}
