using System.Reflection;
using Dspy.Fluent.Internal;
using Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace Dspy.Fluent;

/// <summary>Theory data from a type that provides a devset in code (<see cref="IDevsetSource"/>): one test case per example, labelled by its question.</summary>
/// <remarks>The data may be generated or fetched, so it is enumerated when the theory runs, not at discovery
/// (<see cref="SupportsDiscoveryEnumeration"/> is false). Mark rows that call a paid model <c>Explicit = true</c>.
/// An example with a non-empty <c>skip</c> field is a known failure: its row is skipped with that text as the reason.</remarks>
/// <example>
/// <code>
/// public sealed class SyntheticDev : IDevsetSource
/// {
///     public Task&lt;IReadOnlyList&lt;Example&gt;&gt; GetExamplesAsync(CancellationToken ct = default) =&gt; Task.FromResult(World.Generate(seed: 7).Dev);
/// }
///
/// [Theory, DevsetSource(typeof(SyntheticDev))]
/// public Task Answers(Example example) =&gt; qa.ShouldPassAsync(example, Metrics.ExactMatch, settings, TestContext.Current.CancellationToken);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class DevsetSourceAttribute : DataAttribute
{
    /// <summary>Reads the devset from a new instance of <paramref name="sourceType"/>.</summary>
    /// <param name="sourceType">A type implementing <see cref="IDevsetSource"/> with a public parameterless constructor.</param>
    public DevsetSourceAttribute(Type sourceType)
    {
        ArgumentNullException.ThrowIfNull(sourceType);
        SourceType = sourceType;
    }

    /// <summary>The type providing the examples.</summary>
    public Type SourceType { get; }

    /// <summary>Comma-separated input field names; null to keep the examples' own marking (else <c>question</c>, else the first field).</summary>
    public string? Inputs { get; set; }

    /// <summary>Use only the first this-many examples; 0 for all.</summary>
    public int Limit { get; set; }

    /// <inheritdoc />
    public override async ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker)
    {
        if (!typeof(IDevsetSource).IsAssignableFrom(SourceType) || SourceType.GetConstructor(Type.EmptyTypes) is null)
            throw new ArgumentException($"{SourceType.FullName} must implement {nameof(IDevsetSource)} and have a public parameterless constructor.");
        var source = (IDevsetSource)Activator.CreateInstance(SourceType)!;
        disposalTracker.Add(source);
        var examples = await source.GetExamplesAsync(TestContext.Current.CancellationToken).ConfigureAwait(false);
        return DevsetRows.Create(examples, Inputs, Limit);
    }

    /// <summary>False: generated or fetched data is read when the theory runs.</summary>
    public override bool SupportsDiscoveryEnumeration() => false;
}
