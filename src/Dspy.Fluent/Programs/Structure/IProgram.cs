namespace Dspy.Fluent;

/// <summary>Any program, whatever its input and output types: what tools that only read structure need.</summary>
/// <remarks>Every <see cref="Program{TIn, TOut}"/> implements it.</remarks>
public interface IProgram
{
    /// <summary>What the program is made of: predictors and the state applied to them.</summary>
    ProgramStructure Structure { get; }

    /// <summary>The program's input type.</summary>
    Type InputType { get; }

    /// <summary>The program's output type.</summary>
    Type OutputType { get; }
}
