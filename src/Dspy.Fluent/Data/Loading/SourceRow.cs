namespace Dspy.Fluent;

/// <summary>One row as a file reader produced it: its value (valid until the reader moves on), where it is, and the problem
/// that kept the reader from producing a value (a malformed JSON line), if any.</summary>
internal readonly record struct SourceRow<T>(T Value, RowLocation Where, RowProblem? Problem);
