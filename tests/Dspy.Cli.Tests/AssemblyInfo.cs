[assembly: AssemblyFixture(typeof(Dspy.Cli.Tests.CompiledPrograms))]
