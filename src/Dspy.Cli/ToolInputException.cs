namespace Dspy.Cli;

/// <summary>An input the tool cannot use (missing or invalid file, missing folder); the message names it and what to do, and the tool exits 2.</summary>
internal sealed class ToolInputException(string message, Exception? inner = null) : Exception(message, inner);
