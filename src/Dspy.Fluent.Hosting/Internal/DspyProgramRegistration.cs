namespace Dspy.Fluent;

/// <summary>One <c>AddDspyProgram</c> call: the name, the saved state's path as given, and the program's types.</summary>
internal sealed record DspyProgramRegistration(string Name, string? StatePath, Type InputType, Type OutputType);
