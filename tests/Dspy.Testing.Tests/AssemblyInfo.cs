// Devset rows hold Examples; registering the serializer lets xunit enumerate them at discovery.
[assembly: Xunit.Sdk.RegisterXunitSerializer(typeof(Dspy.Fluent.ExampleSerializer), typeof(Dspy.Fluent.Example))]
[assembly: AssemblyFixture(typeof(Dspy.Fluent.Tests.CompiledQa))]
