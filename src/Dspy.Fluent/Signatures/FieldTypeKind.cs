namespace Dspy.Fluent;

/// <summary>The kinds of value a signature field can hold.</summary>
public enum FieldTypeKind
{
    /// <summary>Free text (<c>str</c>).</summary>
    String,
    /// <summary>A whole number (<c>int</c>).</summary>
    Integer,
    /// <summary>A floating-point number (<c>float</c>).</summary>
    Float,
    /// <summary>True or false (<c>bool</c>).</summary>
    Boolean,
    /// <summary>One member of a .NET enum; the LM is shown the member names.</summary>
    Enum,
    /// <summary>One of a fixed set of strings (<c>Literal['a', 'b']</c>).</summary>
    Literal,
    /// <summary>A list of values of one element type (<c>list[T]</c>).</summary>
    List,
    /// <summary>A string-keyed map (<c>dict[K, V]</c>).</summary>
    Dictionary,
    /// <summary>A value that may be missing (<c>Optional[T]</c>).</summary>
    Optional,
    /// <summary>A record or class, exchanged as JSON that follows its schema.</summary>
    Object,
}
