using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace Dspy.Fluent.Orleans.Internal;

/// <summary>Places a worker grain on the silo its key names (<see cref="WorkerKey"/>).</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
internal sealed class DspyWorkerPlacement : PlacementStrategy
{
    public static DspyWorkerPlacement Instance { get; } = new();
}

/// <summary>Marks a grain class as placed by <see cref="DspyWorkerPlacementDirector"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class DspyWorkerPlacementAttribute() : PlacementAttribute(DspyWorkerPlacement.Instance);

/// <summary>
/// Activates a worker on the silo its key names while the membership says that silo is active, even before this silo's
/// view of the cluster's grain types lists it (a silo that just joined would otherwise get no work until the activation
/// placed elsewhere in the meantime is gone). When the named silo is not active (a stale key), any compatible one runs
/// the batch rather than failing on placement.
/// </summary>
internal sealed class DspyWorkerPlacementDirector(IClusterMembershipService membership) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        if (WorkerKey.SiloOf(target.GrainIdentity.Key.ToString()!) is { } wanted && membership.CurrentSnapshot.GetSiloStatus(wanted) == SiloStatus.Active)
            return Task.FromResult(wanted);
        var silos = context.GetCompatibleSilos(target);
        return Task.FromResult(silos[Random.Shared.Next(silos.Length)]);
    }
}
