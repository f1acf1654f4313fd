using Dspy.Fluent.Orleans.Internal;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Dspy.Fluent.Orleans;

/// <summary>Registers the Dspy workers on an Orleans silo.</summary>
public static class DspyWorkersSiloBuilderExtensions
{
    /// <summary>
    /// Lets this silo run batches of examples for <see cref="OrleansExecutor"/>: the programs registered with
    /// <c>services.AddDspy().AddProgram(name, build)</c>, with this silo's LM, cache, concurrency and rate limit, scored
    /// with the metrics registered here.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Registers metrics (<see cref="DspyWorkersOptions.AddMetric"/>).</param>
    /// <returns>The silo builder, for chaining.</returns>
    /// <remarks>
    /// Hosting (<c>services.AddDspy()</c>) must be registered on the silo too: it is where the program and the LM come
    /// from. Every silo should run the same program build; a batch for a build it does not have fails loudly.
    /// </remarks>
    /// <example>
    /// <code>
    /// builder.UseOrleans(silo =&gt; silo
    ///     .UseLocalhostClustering()
    ///     .AddDspyWorkers(workers =&gt; workers.AddMetric(Metrics.ExactMatch)));
    /// builder.Services.AddDspy().AddProgram("rag", services =&gt; MultiHopPrograms.Rag(services));
    /// </code>
    /// </example>
    public static ISiloBuilder AddDspyWorkers(this ISiloBuilder builder, Action<DspyWorkersOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Calling it again adds to the same options, as a second Configure would.
        if (builder.Services.FirstOrDefault(d => d.ServiceType == typeof(DspyWorkersOptions))?.ImplementationInstance is DspyWorkersOptions existing)
        {
            configure?.Invoke(existing);
            return builder;
        }
        var options = new DspyWorkersOptions();
        configure?.Invoke(options);
        builder.Services.AddSingleton(options);
        // A C# silo learns of this assembly's grain through the code Orleans' generator adds to the application; the
        // generator is C#-only, so on an F# silo the worker grain was unknown (the F# test). Named here, it is known on both.
        builder.Services.AddSerializer(serializer => serializer.AddAssembly(typeof(DspyWorkerGrain).Assembly));
        builder.AddPlacementDirector<DspyWorkerPlacement, DspyWorkerPlacementDirector>();
        return builder;
    }
}
