namespace Dspy.Cli.Reading;

/// <summary>A saved program that cannot be read; the message names the file and what to do, and the tool exits 2.</summary>
internal sealed class SavedProgramException(string message, Exception? inner = null) : Exception(message, inner);
