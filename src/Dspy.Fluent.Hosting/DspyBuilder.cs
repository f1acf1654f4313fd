using Microsoft.Extensions.DependencyInjection;

namespace Dspy.Fluent;

/// <summary>
/// Returned by <see cref="DspyServiceCollectionExtensions.AddDspy(IServiceCollection)"/>: adjusts the bound options and
/// the connector options, and registers compiled programs.
/// </summary>
/// <example>
/// <code>
/// builder.Services.AddDspy()
///     .Configure(o => o.Concurrency ??= 4)
///     .AddProgram("rag", "rag.compiled.json", sp => Rag.Create(sp.GetRequiredService&lt;IRetriever&gt;()));
/// </code>
/// </example>
public sealed class DspyBuilder
{
    internal DspyBuilder(IServiceCollection services, DspyRegistrations registrations)
    {
        Services = services;
        Registrations = registrations;
    }

    /// <summary>The application's services.</summary>
    public IServiceCollection Services { get; }

    internal DspyRegistrations Registrations { get; }

    /// <summary>Adjusts the options after configuration is bound (for defaults computed in code); validation runs after it.</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    /// <example><code>services.AddDspy().Configure(o => o.Cache.Kind = env.IsDevelopment() ? "sqlite" : "redis");</code></example>
    public DspyBuilder Configure(Action<DspyOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.PostConfigure(configure);
        return this;
    }

    /// <summary>
    /// Adjusts how the configured spec is connected: an HTTP handler (proxy, test server), a connector for a custom
    /// scheme, connector settings. Applied after the configuration's key and timeout, so it may override them.
    /// </summary>
    /// <param name="configure">Returns changed options (use <c>with</c>, <see cref="LMConnectOptions.WithConnector(LMConnector)"/>,
    /// <see cref="LMConnectOptions.WithSettings{T}"/>); it is called again for each connection.</param>
    /// <returns>This builder.</returns>
    /// <example><code>services.AddDspy().ConfigureConnectOptions(o => o with { HttpHandler = proxyHandler });</code></example>
    public DspyBuilder ConfigureConnectOptions(Func<LMConnectOptions, LMConnectOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Registrations.ConnectOptionsAdjustments.Add(configure);
        return this;
    }

    /// <summary>
    /// Registers a compiled program by name: it is built with <paramref name="build"/> and given the state saved at
    /// <paramref name="statePath"/> when the host starts, and start-up fails when the state does not fit it.
    /// </summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <typeparam name="TOut">The program's output type.</typeparam>
    /// <param name="name">A name unique in the application (compared ignoring case), e.g. <c>rag</c>: the key for
    /// <c>[FromKeyedServices]</c> and <see cref="DspyProgramRegistry"/>.</param>
    /// <param name="statePath">The file written by <c>program.SaveAsync</c>; a relative path is relative to the content root.</param>
    /// <param name="build">Builds the uncompiled program (same predictors and signatures as the one that was compiled) from the application's services.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    /// <example>
    /// <code>
    /// services.AddDspy().AddProgram("rag", "rag.compiled.json", sp => Rag.Create(sp.GetRequiredService&lt;IRetriever&gt;()));
    /// // then inject DspyProgram&lt;Example, Prediction&gt;
    /// </code>
    /// </example>
    public DspyBuilder AddProgram<TIn, TOut>(string name, string statePath, Func<IServiceProvider, Program<TIn, TOut>> build)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(statePath);
        return Add(name, statePath, build);
    }

    /// <summary>Registers a program by name that runs as built, without a saved state (e.g. not compiled yet, or zero-shot).</summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <typeparam name="TOut">The program's output type.</typeparam>
    /// <param name="name">A name unique in the application (compared ignoring case).</param>
    /// <param name="build">Builds the program from the application's services.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    /// <example><code>services.AddDspy().AddProgram("qa", _ => Predict.Create("qa", "question -> answer"));</code></example>
    public DspyBuilder AddProgram<TIn, TOut>(string name, Func<IServiceProvider, Program<TIn, TOut>> build) => Add(name, null, build);

    private DspyBuilder Add<TIn, TOut>(string name, string? statePath, Func<IServiceProvider, Program<TIn, TOut>> build)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(build);
        name = name.Trim();
        if (Registrations.Programs.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { } existing)
            throw new ArgumentException($"A Dspy program named '{existing.Name}' is already registered; give each program its own name.", nameof(name));
        Registrations.Programs.Add(new DspyProgramRegistration(name, statePath, typeof(TIn), typeof(TOut)));

        Services.AddKeyedSingleton(name, (services, _) => new DspyProgram<TIn, TOut>(name,
            statePath is null ? null : Path.GetFullPath(statePath, DspyLM.ContentRoot(services)),
            () => build(services), services.GetRequiredService<LMSettings>(), services));
        Services.AddKeyedSingleton<DspyProgram>(name, (services, _) => services.GetRequiredKeyedService<DspyProgram<TIn, TOut>>(name));
        // Injecting the type without a key works while the type pair is unambiguous; the check runs when it is resolved,
        // after every program has been registered.
        if (!Services.Any(d => d.ServiceType == typeof(DspyProgram<TIn, TOut>) && !d.IsKeyedService))
            Services.AddSingleton(services => Single<TIn, TOut>(services, Registrations));
        return this;
    }

    private static DspyProgram<TIn, TOut> Single<TIn, TOut>(IServiceProvider services, DspyRegistrations registrations)
    {
        var matching = registrations.Programs.Where(p => p.InputType == typeof(TIn) && p.OutputType == typeof(TOut)).ToList();
        if (matching.Count != 1)
            throw new InvalidOperationException(
                $"{matching.Count} Dspy programs are {typeof(TIn).Name} -> {typeof(TOut).Name} ({string.Join(", ", matching.Select(p => $"'{p.Name}'"))}); " +
                $"inject one by name with [FromKeyedServices(\"{matching[0].Name}\")] or use DspyProgramRegistry.Get<{typeof(TIn).Name}, {typeof(TOut).Name}>(name).");
        return services.GetRequiredKeyedService<DspyProgram<TIn, TOut>>(matching[0].Name);
    }
}
