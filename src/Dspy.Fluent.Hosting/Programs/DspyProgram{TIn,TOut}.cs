using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// A compiled program registered with <c>AddDspyProgram</c>, ready to run with the application's <see cref="LMSettings"/>:
/// inject it where the program is used.
/// </summary>
/// <typeparam name="TIn">The program's input type.</typeparam>
/// <typeparam name="TOut">The program's output type.</typeparam>
/// <remarks>
/// <para>A singleton: the program is built and its saved state loaded once (at host start-up), then every call runs the
/// same immutable program. When several programs share these types, inject one by name with
/// <c>[FromKeyedServices("rag")]</c> or get it from <see cref="DspyProgramRegistry.Get{TIn, TOut}(string)"/>.</para>
/// <para>Errors are masked with the LM client's <see cref="SecretRedactor"/> before they leave <see cref="RunAsync"/>, so
/// an API key a provider echoes back in an error body does not reach the caller's logs or problem details.</para>
/// </remarks>
/// <example>
/// <code>
/// app.MapPost("/ask", async (Question q, DspyProgram&lt;Example, Prediction&gt; rag, CancellationToken ct) =>
///     (await rag.RunAsync(Example.Create("question", q.Text), ct)).GetText("answer"));
/// </code>
/// </example>
public sealed class DspyProgram<TIn, TOut> : DspyProgram
{
    private readonly Lazy<Task<Program<TIn, TOut>>> _program;
    private readonly LMSettings _settings;
    private readonly SecretRedactor _redactor;

    internal DspyProgram(string name, string? statePath, Func<Program<TIn, TOut>> build, LMSettings settings, IServiceProvider services) : base(name, statePath)
    {
        _settings = settings;
        _redactor = SecretRedactor.For(settings.Client, services);
        _program = new(() => LoadCoreAsync(build), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public override Type InputType => typeof(TIn);

    /// <inheritdoc />
    public override Type OutputType => typeof(TOut);

    /// <inheritdoc />
    public override bool IsLoaded => _program.IsValueCreated && _program.Value.IsCompletedSuccessfully;

    /// <summary>The registered <see cref="LMSettings"/> every run uses: by default the LM pipeline <c>AddDspy</c> built, with temperature and max tokens from configuration.</summary>
    public LMSettings Settings => _settings;

    /// <summary>The program with its saved state applied (built and loaded once; the host does it at start-up).</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The loaded program, e.g. to compose it into a larger one.</returns>
    /// <exception cref="DspyProgramLoadException">The program could not be built or its state does not fit it.</exception>
    /// <example><code>var program = await rag.GetProgramAsync(ct); var withTrace = await program.TryRunAsync(input, rag.Settings, ct);</code></example>
    public Task<Program<TIn, TOut>> GetProgramAsync(CancellationToken cancellationToken = default) => _program.Value.WaitAsync(cancellationToken);

    /// <inheritdoc />
    public override async Task<IProgram> LoadAsync(CancellationToken cancellationToken = default) =>
        await GetProgramAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Runs the loaded program on <paramref name="input"/> with <see cref="Settings"/>.</summary>
    /// <param name="input">The input.</param>
    /// <param name="cancellationToken">Cancels the run and its LM calls (pass the request's token).</param>
    /// <returns>The output.</returns>
    /// <exception cref="DspyProgramLoadException">The program could not be loaded (outside a host, where start-up did not check it).</exception>
    /// <exception cref="LMCallFailedException">An LM call failed after its retries; the message gives the cause and advice, secrets masked.</exception>
    /// <exception cref="AdapterParseException">An LM reply could not be parsed.</exception>
    /// <example><code>var prediction = await rag.RunAsync(Example.Create("question", "Who founded Ivel?"), ct);</code></example>
    public async Task<TOut> RunAsync(TIn input, CancellationToken cancellationToken = default)
    {
        var program = await GetProgramAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await program.RunAsync(input, _settings, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && !ReferenceEquals(_redactor.RedactException(e), e))
        {
            // The pipeline masks what it reports; this catches text that reached an exception some other way
            // (a custom client, a tool) before it leaves the service.
            throw _redactor.RedactException(e)!;
        }
    }

    /// <summary>Runs the loaded program and returns the outcome, success or failure, with its trace, history and usage.</summary>
    /// <param name="input">The input.</param>
    /// <param name="cancellationToken">Cancels the run; cancellation is thrown, not returned.</param>
    /// <returns>The outcome; its <see cref="ProgramOutcome{T}.Error"/> has secrets masked.</returns>
    /// <exception cref="DspyProgramLoadException">The program could not be loaded.</exception>
    /// <example><code>var outcome = await rag.TryRunAsync(input, ct); if (!outcome.Succeeded) logger.LogWarning(outcome.Error, "rag failed");</code></example>
    public async Task<ProgramOutcome<TOut>> TryRunAsync(TIn input, CancellationToken cancellationToken = default)
    {
        var program = await GetProgramAsync(cancellationToken).ConfigureAwait(false);
        var outcome = await program.TryRunAsync(input, _settings, cancellationToken).ConfigureAwait(false);
        return outcome.Error is null ? outcome : outcome with { Error = _redactor.RedactException(outcome.Error) };
    }

    private async Task<Program<TIn, TOut>> LoadCoreAsync(Func<Program<TIn, TOut>> build)
    {
        Program<TIn, TOut> program;
        try
        {
            program = build() ?? throw new InvalidOperationException("the build function returned null");
        }
        catch (Exception e)
        {
            throw new DspyProgramLoadException(Name, StatePath, $"The Dspy program '{Name}' could not be built: {_redactor.Redact(e.Message)}", _redactor.RedactException(e));
        }
        if (StatePath is null) return program;
        try
        {
            // LoadStateAsync checks the whole file against the program's structure before applying anything.
            return await program.LoadStateAsync(StatePath).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ProgramStateFormatException or IOException or UnauthorizedAccessException)
        {
            throw new DspyProgramLoadException(Name, StatePath, $"The Dspy program '{Name}' cannot use its saved state: {e.Message}", e);
        }
    }
}
