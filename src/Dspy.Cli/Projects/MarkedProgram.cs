using System.Reflection;

namespace Dspy.Cli.Projects;

/// <summary>A factory marked <see cref="Dspy.Fluent.DspyProgramAttribute"/>: its name, where it is, and the defaults it declares.</summary>
internal sealed record MarkedProgram(string Name, MemberInfo Member, string? Metric, IReadOnlyList<string> Inputs)
{
    /// <summary>Where it is declared, e.g. <c>Sample.Programs.Rag()</c>.</summary>
    public string Location => $"{Member.DeclaringType?.FullName}.{Member.Name}{(Member is MethodInfo ? "()" : "")}";
}
