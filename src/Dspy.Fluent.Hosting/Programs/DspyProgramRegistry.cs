using Microsoft.Extensions.DependencyInjection;

namespace Dspy.Fluent;

/// <summary>
/// Every program registered with <c>AddDspyProgram</c>, by name: for code that picks a program at run time (an endpoint
/// per program, a worker told which program to run, another node rebuilding a program from its name).
/// </summary>
/// <remarks>Names are compared ordinally; registering two programs whose names differ only in case is refused, so a
/// name written in a message or a queue always means one program.</remarks>
/// <example>
/// <code>
/// app.MapGet("/programs", (DspyProgramRegistry registry) => registry.Names);
/// var rag = registry.Get&lt;Example, Prediction&gt;("rag");
/// </code>
/// </example>
public sealed class DspyProgramRegistry
{
    private readonly IReadOnlyList<DspyProgram> _programs;

    internal DspyProgramRegistry(DspyRegistrations registrations, IServiceProvider services) =>
        _programs = [.. registrations.Programs.Select(r => services.GetRequiredKeyedService<DspyProgram>(r.Name))];

    /// <summary>The registered programs, in registration order.</summary>
    public IReadOnlyList<DspyProgram> Programs => _programs;

    /// <summary>The registered names, in registration order.</summary>
    public IReadOnlyList<string> Names => [.. _programs.Select(p => p.Name)];

    /// <summary>The program registered as <paramref name="name"/>, or null.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The program, or null when none has that name.</returns>
    /// <example><code>if (registry.Find(name) is not { } program) return Results.NotFound();</code></example>
    public DspyProgram? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _programs.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));
    }

    /// <summary>The program registered as <paramref name="name"/>.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The program.</returns>
    /// <exception cref="KeyNotFoundException">No program has that name; the message lists the registered ones.</exception>
    /// <example><code>var structure = (await registry.Get("rag").LoadAsync(ct)).Structure;</code></example>
    public DspyProgram Get(string name) =>
        Find(name) ?? throw new KeyNotFoundException(
            $"No Dspy program is registered as '{name}'. Registered: {(_programs.Count == 0 ? "none" : string.Join(", ", _programs.Select(p => $"'{p.Name}'")))}.");

    /// <summary>The program registered as <paramref name="name"/>, with its types.</summary>
    /// <typeparam name="TIn">The program's input type.</typeparam>
    /// <typeparam name="TOut">The program's output type.</typeparam>
    /// <param name="name">The name.</param>
    /// <returns>The typed program.</returns>
    /// <exception cref="KeyNotFoundException">No program has that name.</exception>
    /// <exception cref="InvalidCastException">The program has other input or output types; the message gives both.</exception>
    /// <example><code>var prediction = await registry.Get&lt;Example, Prediction&gt;("rag").RunAsync(input, ct);</code></example>
    public DspyProgram<TIn, TOut> Get<TIn, TOut>(string name)
    {
        var program = Get(name);
        return program as DspyProgram<TIn, TOut> ?? throw new InvalidCastException(
            $"The Dspy program '{name}' is {program.InputType.Name} -> {program.OutputType.Name}, not {typeof(TIn).Name} -> {typeof(TOut).Name}.");
    }
}
