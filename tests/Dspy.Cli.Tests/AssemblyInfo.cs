[assembly: AssemblyFixture(typeof(Dspy.Cli.Tests.CompiledPrograms))]
[assembly: AssemblyFixture(typeof(Dspy.Cli.Tests.SampleProject))]
