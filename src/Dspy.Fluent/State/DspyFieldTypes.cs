namespace Dspy.Fluent;

/// <summary>
/// What a DSPy import assumes about field types. DSPy saves each field's prefix and description but not its type, and
/// the type changes the prompt (<c>context (str)</c> vs <c>context (list[str])</c>), so a typed field here is only
/// accepted when the caller says the DSPy program declared the same types.
/// </summary>
public enum DspyFieldTypes
{
    /// <summary>The DSPy program's fields are untyped (<c>str</c>), DSPy's default: a field typed otherwise here is refused, naming it.</summary>
    Untyped,

    /// <summary>The DSPy program declares the same field types as this program (e.g. <c>context: list[str] = dspy.InputField()</c>).</summary>
    AsDeclaredHere,
}
