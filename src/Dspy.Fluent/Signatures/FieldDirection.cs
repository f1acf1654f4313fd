namespace Dspy.Fluent;

/// <summary>Whether a field is given to the LM or produced by it.</summary>
public enum FieldDirection
{
    /// <summary>A value the caller supplies.</summary>
    Input,
    /// <summary>A value the LM produces.</summary>
    Output,
}
