using System.Diagnostics.CodeAnalysis;

namespace Dspy.Fluent;

/// <summary>
/// Marks an assembly as providing an <see cref="LMConnector"/>, so referencing it is enough for its scheme to work
/// with <see cref="LMSpec.Connect(string)"/> (see <see cref="LMConnectors"/>).
/// </summary>
/// <param name="connectorType">A public <see cref="LMConnector"/> subclass with a public parameterless constructor.</param>
/// <example><code>[assembly: LMConnector(typeof(OpenAIConnector))]</code></example>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class LMConnectorAttribute([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] Type connectorType) : Attribute
{
    /// <summary>The connector type.</summary>
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)]
    public Type ConnectorType { get; } = connectorType ?? throw new ArgumentNullException(nameof(connectorType));
}
