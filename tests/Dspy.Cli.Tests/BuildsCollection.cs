namespace Dspy.Cli.Tests;

/// <summary>Tests that run <c>dotnet build</c> or <c>dotnet pack</c> on the repository's projects: one at a time, so two
/// MSBuild runs never write the same project's outputs at once.</summary>
[CollectionDefinition(Name)]
public sealed class BuildsCollection
{
    public const string Name = "dotnet builds";
}
