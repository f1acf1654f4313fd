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
/// Activates a worker on the silo its key names; when that silo is gone (a stale key), on any compatible one, so
/// the batch still runs rather than failing on placement.
/// </summary>
internal sealed class DspyWorkerPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        var wanted = WorkerKey.SiloOf(target.GrainIdentity.Key.ToString()!);
        var chosen = silos.FirstOrDefault(s => s.Equals(wanted)) ?? silos[Random.Shared.Next(silos.Length)];
        return Task.FromResult(chosen);
    }
}
