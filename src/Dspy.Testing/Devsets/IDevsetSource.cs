namespace Dspy.Fluent;

/// <summary>Provides a devset in code (generated, downloaded, or built from a dataset API) for <see cref="DevsetSourceAttribute"/>.</summary>
/// <remarks>Implementations need a public parameterless constructor; one instance is created per theory when its data is read.</remarks>
public interface IDevsetSource
{
    /// <summary>The examples, with labels; inputs marked or not (see <see cref="DevsetSourceAttribute.Inputs"/>).</summary>
    /// <param name="cancellationToken">Cancels loading.</param>
    Task<IReadOnlyList<Example>> GetExamplesAsync(CancellationToken cancellationToken = default);
}
