using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dspy.Fluent;

/// <summary>
/// Connects the LM and loads every registered program when the host starts, so a missing key, a wrong spec or a saved
/// state that does not fit its program stops start-up with the full message instead of failing the first request.
/// </summary>
/// <remarks>Registered by <c>AddDspy</c> before any web server is added, so it runs before the server accepts requests.</remarks>
internal sealed class DspyStartupService(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("Dspy.Fluent.Hosting") ?? NullLogger.Instance;
        var lm = services.GetRequiredService<DspyLM>();
        logger.LogInformation("Dspy LM: {Lm}.", lm.Spec ?? "the IChatClient registered with AddChatClient");
        var registry = services.GetRequiredService<DspyProgramRegistry>();
        var failures = new List<DspyProgramLoadException>();
        foreach (var program in registry.Programs)
        {
            try
            {
                var loaded = await program.LoadAsync(cancellationToken).ConfigureAwait(false);
                logger.LogInformation("Dspy program '{Program}' loaded: predictors {Predictors}, state {State}.",
                    program.Name, loaded.Structure.Predictors.Count, program.StatePath ?? "none");
            }
            catch (DspyProgramLoadException e)
            {
                failures.Add(e);
            }
        }
        switch (failures.Count)
        {
            case 0: return;
            case 1:
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failures[0]).Throw();
                return;
            default:
                throw new AggregateException(
                    $"{failures.Count} Dspy programs cannot start:\n" + string.Join("\n", failures.Select(f => f.Message)), failures);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
