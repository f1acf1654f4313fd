using Microsoft.Extensions.DependencyInjection;

namespace Dspy.Fluent;

/// <summary>
/// What <c>AddDspy</c> and its builder collected while services were being registered: the configuration path for
/// messages, the connect-option adjustments and the programs. One instance per service collection, registered as itself,
/// so a second <c>AddDspy</c> call or <c>AddDspyProgram</c> finds it.
/// </summary>
internal sealed class DspyRegistrations
{
    /// <summary>The bound section's path, e.g. <c>Dspy</c>, for messages such as <c>Dspy:Cache:Kind</c>.</summary>
    public string SectionPath { get; set; } = DspyOptions.SectionName;

    /// <summary>The adjustments from <c>ConfigureConnectOptions</c>, in order.</summary>
    public List<Func<LMConnectOptions, LMConnectOptions>> ConnectOptionsAdjustments { get; } = [];

    public List<DspyProgramRegistration> Programs { get; } = [];

    /// <summary><paramref name="options"/> after every adjustment, in registration order.</summary>
    public LMConnectOptions ConnectOptions(LMConnectOptions options) =>
        ConnectOptionsAdjustments.Aggregate(options, (current, adjust) => adjust(current) ?? throw new InvalidOperationException(
            "A ConfigureConnectOptions(...) function passed to the Dspy builder returned null; return the options, changed with 'with'."));

    public static DspyRegistrations? Find(IServiceCollection services) =>
        services.LastOrDefault(d => d.ServiceType == typeof(DspyRegistrations) && !d.IsKeyedService)?.ImplementationInstance as DspyRegistrations;
}
