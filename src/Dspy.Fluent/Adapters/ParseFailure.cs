namespace Dspy.Fluent;

/// <summary>Why an LM reply could not be turned into output fields.</summary>
public enum ParseFailure
{
    /// <summary>One or more output fields are not in the reply.</summary>
    MissingFields,
    /// <summary>A field is present but its value does not fit the field's type.</summary>
    WrongType,
    /// <summary>The reply has none of the structure the adapter asked for.</summary>
    Unstructured,
    /// <summary>The LM stopped at its token limit before writing every field.</summary>
    Truncated,
    /// <summary>The reply follows the requested format but is not well-formed, e.g. XML with an unclosed tag or an unescaped <c>&amp;</c>.</summary>
    Malformed,
}
