using Microsoft.Extensions.DependencyInjection;
using Orleans.Concurrency;

namespace Dspy.Fluent.Orleans.Internal;

/// <summary>
/// A worker: reads a batch, finds the named program in this silo's Hosting registry and the metric in its
/// <see cref="DspyWorkersOptions"/>, and runs the batch with <see cref="BatchRunner"/>. Problems with the deployment
/// (no such program or metric, another build, other types) throw, naming this silo and the fix; failures of single
/// examples are runs with an error.
/// </summary>
[DspyWorkerPlacement]
[Reentrant] // it keeps no state; only the client's slots decide how many batches it holds
internal sealed class DspyWorkerGrain(IServiceProvider services, ILocalSiloDetails silo) : Grain, IDspyWorkerGrain
{
    public async Task<byte[]> RunBatchAsync(byte[] batch, CancellationToken cancellationToken)
    {
        var (request, document) = BatchRequest.Read(batch);
        using (document)
        {
            var name = $"'{silo.Name}' ({silo.SiloAddress})";
            var registry = services.GetService<DspyProgramRegistry>() ?? throw new InvalidOperationException(
                $"Silo {name} has no Dspy programs: register them with services.AddDspy().AddProgram(\"{request.Program}\", build) on every silo.");
            var program = registry.Find(request.Program) ?? throw new InvalidOperationException(
                $"Silo {name} has no Dspy program named '{request.Program}' (registered: {Names(registry.Names)}); register it with " +
                $"services.AddDspy().AddProgram(\"{request.Program}\", build) on every silo.");
            if (program.InputType.FullName != request.InputType || program.OutputType.FullName != request.OutputType)
                throw new InvalidOperationException(
                    $"Silo {name}'s Dspy program '{request.Program}' is {program.InputType.Name} -> {program.OutputType.Name}, but the client runs it as " +
                    $"{request.InputType} -> {request.OutputType}.");
            var options = services.GetService<DspyWorkersOptions>() ?? new DspyWorkersOptions();
            if (!options.Metrics.TryGetValue(request.Metric, out var metric))
                throw new InvalidOperationException(
                    $"Silo {name} has no metric named '{request.Metric}' (registered: {Names(options.Metrics.Keys)}); register it on every silo with " +
                    "siloBuilder.AddDspyWorkers(workers => workers.AddMetric(metric)).");
            return await BatchRunner.RunAsync(program, request, metric, name, cancellationToken);
        }
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.Select(n => $"'{n}'").ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }
}
