using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dspy.Fluent;

/// <summary>Registers Dspy.Fluent with an application's services: the LM pipeline from configuration, and compiled programs.</summary>
/// <remarks>
/// <para>What <see cref="AddDspy(IServiceCollection)"/> registers:</para>
/// <list type="bullet">
/// <item><description><see cref="LMSettings"/> (singleton): the LM pipeline (telemetry, logging through the application's
/// <c>ILoggerFactory</c>, cache, concurrency limit, retries, rate limit, timeout) over the <c>IChatClient</c> registered
/// with <c>AddChatClient</c>, or over the client the <see cref="DspyOptions.Lm"/> spec connects, plus
/// <see cref="DspyOptions.Temperature"/> and <see cref="DspyOptions.MaxTokens"/>.</description></item>
/// <item><description><see cref="DspyOptions"/>, bound from the <c>Dspy</c> section and checked when the host starts; every
/// problem is listed in one <see cref="OptionsValidationException"/>.</description></item>
/// <item><description><see cref="DspyProgramRegistry"/> and, for each <see cref="AddDspyProgram{TIn, TOut}(IServiceCollection, string, string, Func{IServiceProvider, Program{TIn, TOut}})"/>,
/// a <see cref="DspyProgram{TIn, TOut}"/> (by type and keyed by name).</description></item>
/// <item><description>A hosted service that connects the LM and loads every program's saved state at start-up, so a wrong
/// key, spec or state stops start-up with the full message.</description></item>
/// </list>
/// </remarks>
public static class DspyServiceCollectionExtensions
{
    /// <summary>Registers Dspy.Fluent, bound from the <c>Dspy</c> section of the application's <see cref="IConfiguration"/>.</summary>
    /// <param name="services">The application's services.</param>
    /// <returns>A builder to adjust options and register programs.</returns>
    /// <example>
    /// <code>
    /// var builder = WebApplication.CreateBuilder(args);   // "Dspy": { "Lm": "openai:gpt-4o-mini", "Cache": { "Kind": "memory" } }
    /// builder.Services.AddDspy();
    /// app.MapPost("/classify", async (string text, LMSettings lm, CancellationToken ct) =>
    ///     (await Predict.Create("classify", "text -> label").RunAsync(Example.Create("text", text), lm, ct)).GetText("label"));
    /// </code>
    /// </example>
    public static DspyBuilder AddDspy(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return AddCore(services, DspyOptions.SectionName, sp => sp.GetService<IConfiguration>()?.GetSection(DspyOptions.SectionName));
    }

    /// <summary>Registers Dspy.Fluent, bound from <paramref name="section"/>.</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="section">The section to bind, e.g. <c>configuration.GetSection("Llm")</c>; messages name its keys by their full path.</param>
    /// <returns>A builder to adjust options and register programs.</returns>
    /// <exception cref="ArgumentException"><paramref name="section"/> is a whole configuration rather than a section.</exception>
    /// <example>
    /// <code>
    /// var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary&lt;string, string?&gt; { ["Llm:Lm"] = "simulated" }).Build();
    /// services.AddDspy(configuration.GetSection("Llm"));
    /// </code>
    /// </example>
    public static DspyBuilder AddDspy(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        if (section is not IConfigurationSection named)
            throw new ArgumentException($"Pass the section to bind, e.g. configuration.GetSection(\"{DspyOptions.SectionName}\"), not the whole configuration.", nameof(section));
        return AddCore(services, named.Path, _ => named);
    }

    /// <summary>
    /// Registers a compiled program by name, loaded with the state saved at <paramref name="statePath"/> when the host
    /// starts; start-up fails with the predictor-level problems when the state does not fit the program. Call
    /// <see cref="AddDspy(IServiceCollection)"/> first.
    /// </summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <typeparam name="TOut">The program's output type.</typeparam>
    /// <param name="services">The application's services.</param>
    /// <param name="name">A name unique in the application (compared ignoring case), e.g. <c>rag</c>.</param>
    /// <param name="statePath">The file written by <c>program.SaveAsync</c>; a relative path is relative to the content root.</param>
    /// <param name="build">Builds the uncompiled program from the application's services.</param>
    /// <returns>The services.</returns>
    /// <exception cref="InvalidOperationException"><see cref="AddDspy(IServiceCollection)"/> has not been called.</exception>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    /// <example>
    /// <code>
    /// builder.Services.AddDspy();
    /// builder.Services.AddDspyProgram("rag", "rag.compiled.json", sp => Rag.Create(sp.GetRequiredService&lt;IRetriever&gt;()));
    /// app.MapPost("/ask", (Question q, DspyProgram&lt;Example, Prediction&gt; rag, CancellationToken ct) => rag.RunAsync(q.ToExample(), ct));
    /// </code>
    /// </example>
    public static IServiceCollection AddDspyProgram<TIn, TOut>(this IServiceCollection services, string name, string statePath, Func<IServiceProvider, Program<TIn, TOut>> build)
    {
        Existing(services).AddProgram(name, statePath, build);
        return services;
    }

    /// <summary>Registers a program by name that runs as built, without a saved state. Call <see cref="AddDspy(IServiceCollection)"/> first.</summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <typeparam name="TOut">The program's output type.</typeparam>
    /// <param name="services">The application's services.</param>
    /// <param name="name">A name unique in the application (compared ignoring case).</param>
    /// <param name="build">Builds the program from the application's services.</param>
    /// <returns>The services.</returns>
    /// <exception cref="InvalidOperationException"><see cref="AddDspy(IServiceCollection)"/> has not been called.</exception>
    /// <example><code>services.AddDspyProgram("qa", _ => Predict.Create("qa", "question -> answer"));</code></example>
    public static IServiceCollection AddDspyProgram<TIn, TOut>(this IServiceCollection services, string name, Func<IServiceProvider, Program<TIn, TOut>> build)
    {
        Existing(services).AddProgram(name, build);
        return services;
    }

    private static DspyBuilder Existing(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return DspyRegistrations.Find(services) is { } registrations
            ? new DspyBuilder(services, registrations)
            : throw new InvalidOperationException("Call services.AddDspy() before services.AddDspyProgram(...): the program runs on the LM AddDspy configures.");
    }

    private static DspyBuilder AddCore(IServiceCollection services, string sectionPath, Func<IServiceProvider, IConfiguration?> section)
    {
        if (DspyRegistrations.Find(services) is { } existing)
            throw new InvalidOperationException(
                $"AddDspy has already been called (bound to '{existing.SectionPath}'); call it once and keep the builder it returns, or use services.AddDspyProgram(...).");
        var registrations = new DspyRegistrations { SectionPath = sectionPath };
        services.AddSingleton(registrations);
        services.AddOptions<DspyOptions>().ValidateOnStart();
        services.AddSingleton<IConfigureOptions<DspyOptions>>(sp => new DspyOptionsBinder(() => section(sp), sectionPath));
        services.AddSingleton<IValidateOptions<DspyOptions>, DspyOptionsValidator>();
        services.TryAddSingleton<DspyLM>();
        services.TryAddSingleton(sp => sp.GetRequiredService<DspyLM>().Settings);
        services.TryAddSingleton(sp => new DspyProgramRegistry(registrations, sp));
        services.AddHostedService<DspyStartupService>();
        return new DspyBuilder(services, registrations);
    }
}
