using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Which LM a run talks to and how: the client, the adapter and sampling settings. Immutable; change with <c>with</c>.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.configure</c> / <c>dspy.context</c>, without a mutable global: pass settings to
/// <c>RunAsync</c>, or scope them with <see cref="Use(LMSettings)"/>, which flows with async calls (an
/// <see cref="AsyncLocal{T}"/>) so concurrent runs never see each other's settings.</para>
/// <para>Precedence for one LM call, most specific first: the predictor's compiled state (model, temperature), the
/// predictor's own <c>PredictorConfig</c>, then these settings.</para>
/// </remarks>
/// <example>
/// <code>
/// using var scope = LMSettings.Use(new LMSettings { Client = chatClient, Temperature = 0 });
/// var answer = await program.RunAsync(question);
/// </code>
/// </example>
public sealed record LMSettings
{
    private static readonly AsyncLocal<LMSettings?> Ambient = new();

    /// <summary>No client, the default adapter.</summary>
    public static LMSettings Empty { get; } = new();

    /// <summary>The LM. Every predictor call goes through it.</summary>
    public IChatClient? Client { get; init; }

    /// <summary>How prompts are built and replies parsed; <see cref="ChatAdapter.Default"/> unless set.</summary>
    public IAdapter Adapter { get; init; } = ChatAdapter.Default;

    /// <summary>Sampling temperature, or null for the provider's default.</summary>
    public float? Temperature { get; init; }

    /// <summary>Maximum tokens in a reply, or null for the provider's default.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>The model id to request, or null for the client's default.</summary>
    public string? Model { get; init; }

    /// <summary>
    /// Distinguishes otherwise identical requests so a cache or a simulated LM gives a fresh sample. It travels in
    /// <see cref="ChatOptions.AdditionalProperties"/> under <see cref="DspyChatOptions.RolloutIdKey"/> and is never
    /// sent to a provider by the connectors of this library.
    /// </summary>
    public string? RolloutId { get; init; }

    /// <summary>Further options for every call (cloned per call, never mutated).</summary>
    public ChatOptions? ChatOptions { get; init; }

    /// <summary>A history shared across runs that also receives every call (each run keeps its own regardless), or null.</summary>
    public LMHistory? History { get; init; }

    /// <summary>
    /// Told when each run, module, predictor call, adapter format/parse, LM call, tool call and evaluation under these
    /// settings starts and ends, in order. Empty by default. Settings passed to <c>RunAsync</c> replace the scoped ones
    /// whole, callbacks included; <see cref="UseCallbacks"/> adds to the enclosing scope's.
    /// </summary>
    /// <remarks>Corresponds to <c>dspy.configure(callbacks=[...])</c> (in a scope) and to callbacks given for one call.</remarks>
    /// <example><code>await program.RunAsync(question, new LMSettings { Client = lm, Callbacks = [new Printer()] });</code></example>
    public IReadOnlyList<IDspyCallback> Callbacks
    {
        get => _callbacks;
        init => _callbacks = value ?? throw new ArgumentNullException(nameof(value));
    }

    private readonly IReadOnlyList<IDspyCallback> _callbacks = [];

    /// <summary>
    /// Whether this library's spans (<see cref="DspyTelemetry.SourceName"/>) record each call's input and output text,
    /// masked by the client's <see cref="SecretRedactor"/>. Off by default: spans then hold names, models and token counts only.
    /// </summary>
    /// <remarks>Callbacks always receive inputs and outputs; this only concerns spans, which usually leave the process.</remarks>
    public bool RecordInputsAndOutputs { get; init; }

    /// <summary>The settings scoped by the innermost <see cref="Use(LMSettings)"/> on this async flow, or null.</summary>
    public static LMSettings? Current => Ambient.Value;

    /// <summary>Makes <paramref name="settings"/> the default for runs started on this async flow until the scope is disposed.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>A scope; dispose it to restore the previous settings.</returns>
    public static IDisposable Use(LMSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var previous = Ambient.Value;
        Ambient.Value = settings;
        return new Scope(previous);
    }

    /// <summary>Makes <paramref name="client"/> the default LM on this async flow (other settings carry over from the enclosing scope).</summary>
    /// <param name="client">The LM.</param>
    /// <returns>A scope; dispose it to restore the previous settings.</returns>
    public static IDisposable Use(IChatClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Use((Current ?? Empty) with { Client = client });
    }

    /// <summary>
    /// Adds <paramref name="callbacks"/> to the callbacks of the enclosing scope for runs started on this async flow
    /// (other settings carry over) until the scope is disposed.
    /// </summary>
    /// <param name="callbacks">The callbacks, told of every call in order.</param>
    /// <returns>A scope; dispose it to restore the previous settings.</returns>
    /// <remarks>Corresponds to <c>dspy.configure(callbacks=[...])</c> or <c>with dspy.context(callbacks=[...])</c>.</remarks>
    /// <example>
    /// <code>
    /// using var observing = LMSettings.UseCallbacks(new Printer());
    /// var answer = await program.RunAsync(question);   // Printer sees every call of this run
    /// </code>
    /// </example>
    public static IDisposable UseCallbacks(params IDspyCallback[] callbacks)
    {
        ArgumentNullException.ThrowIfNull(callbacks);
        foreach (var callback in callbacks) ArgumentNullException.ThrowIfNull(callback, nameof(callbacks));
        var current = Current ?? Empty;
        return Use(current with { Callbacks = [.. current.Callbacks, .. callbacks] });
    }

    private sealed class Scope(LMSettings? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            Ambient.Value = previous;
        }
    }
}
