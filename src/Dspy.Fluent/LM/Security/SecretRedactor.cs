using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Dspy.Fluent;

/// <summary>
/// Removes secrets from text before it reaches a log, a trace, an exception message or a history rendering: API keys,
/// <c>Authorization</c>/<c>Bearer</c> values, key-like query parameters and passwords in connection strings, plus any
/// string registered with <see cref="AddSecret"/>.
/// </summary>
/// <remarks>
/// <para>A redactor belongs to a client, not to the process: a connector that is given a key registers it with the
/// redactor of the client it returns, which answers <c>client.GetService&lt;SecretRedactor&gt;()</c> through any
/// middleware. The library's middleware, history and evaluation rows mask with <see cref="For"/>, so a key is masked
/// wherever that client's text goes, whichever way the key was given (options, configuration, a vault, the environment).
/// Nothing reads the environment on its own.</para>
/// <para>Thread-safe: secrets and patterns may be added while other threads redact.</para>
/// </remarks>
/// <example>
/// <code>
/// var redactor = new SecretRedactor().AddSecret(apiKey);
/// var safe = redactor.Redact($"calling with key {apiKey}");   // "calling with key [redacted]"
/// IChatClient lm = new ChatClientBuilder(provider).UseSecretRedactor(redactor).UseLMRetries().Build();
/// </code>
/// </example>
public sealed class SecretRedactor
{
    /// <summary>What every secret is replaced with.</summary>
    public const string Mask = "[redacted]";

    private const int MinimumSecretLength = 4;

    private ImmutableArray<string> _secrets = [];
    private ImmutableArray<Regex> _patterns = BuiltInPatterns.Patterns;

    // Redactors whose secrets this one masks too, read live: a client's and a host's redactor combined by For.
    private readonly ImmutableArray<SecretRedactor> _includes = [];

    /// <summary>Creates a redactor with the built-in patterns and no registered secrets.</summary>
    public SecretRedactor() { }

    private SecretRedactor(ImmutableArray<SecretRedactor> includes) => _includes = includes;

    /// <summary>
    /// The redactor for text about <paramref name="client"/>: the one its pipeline carries
    /// (<c>client.GetService&lt;SecretRedactor&gt;()</c>, set by connectors and <c>UseSecretRedactor</c>) together with one
    /// registered in <paramref name="services"/>; the built-in patterns alone when there is neither.
    /// </summary>
    /// <param name="client">The client whose requests, replies and errors are being written down, or null.</param>
    /// <param name="services">A service provider that may hold a <see cref="SecretRedactor"/> (a host's), or null.</param>
    /// <returns>A redactor; it sees secrets added later to either source.</returns>
    /// <example><code>var safe = SecretRedactor.For(lm).Redact(exception.Message);</code></example>
    public static SecretRedactor For(IChatClient? client, IServiceProvider? services = null)
    {
        var own = client?.GetService<SecretRedactor>();
        var host = services?.GetService<SecretRedactor>();
        return Including(own, host) ?? new SecretRedactor();
    }

    /// <summary>A redactor masking what both mask (live), either one when the other is null or the same.</summary>
    internal static SecretRedactor? Including(SecretRedactor? first, SecretRedactor? second) =>
        first is null || second is null || ReferenceEquals(first, second) ? first ?? second : new SecretRedactor([first, second]);

    /// <summary>How many literal secrets are registered here (not counting those of redactors combined by <see cref="For"/>).</summary>
    public int SecretCount => _secrets.Length;

    /// <summary>Registers a literal secret (an API key, a password) to be masked wherever it appears.</summary>
    /// <param name="secret">The secret; values shorter than 4 characters are ignored, as masking them would garble ordinary text.</param>
    /// <returns>This redactor, for chaining.</returns>
    public SecretRedactor AddSecret(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        secret = secret.Trim();
        if (secret.Length < MinimumSecretLength) return this;
        // Longest first, so a secret that contains a shorter one is masked whole.
        ImmutableInterlocked.Update(ref _secrets, list => list.Contains(secret) ? list : [.. list.Add(secret).OrderByDescending(s => s.Length)]);
        return this;
    }

    /// <summary>Adds a pattern whose every match is masked (e.g. an internal token format).</summary>
    /// <param name="pattern">The pattern; give it <see cref="RegexOptions.CultureInvariant"/> and a timeout if it is user input.</param>
    /// <returns>This redactor, for chaining.</returns>
    public SecretRedactor AddPattern(Regex pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ImmutableInterlocked.Update(ref _patterns, list => list.Add(pattern));
        return this;
    }

    /// <summary><paramref name="text"/> with every secret and pattern match replaced by <see cref="Mask"/>.</summary>
    /// <param name="text">Any text, or null.</param>
    /// <returns>The redacted text; null when <paramref name="text"/> is null; the same instance when nothing matched.</returns>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        var result = text;
        foreach (var included in _includes) result = included.Redact(result);
        foreach (var secret in _secrets)
            if (result.Contains(secret, StringComparison.Ordinal)) result = result.Replace(secret, Mask, StringComparison.Ordinal);
        foreach (var pattern in _patterns)
            result = pattern.Replace(result, m => m.Groups["keep"].Success ? m.Groups["keep"].Value + Mask : Mask);
        return result;
    }

    /// <summary>Whether <paramref name="text"/> contains anything <see cref="Redact"/> would mask.</summary>
    /// <param name="text">Any text, or null.</param>
    public bool ContainsSecret(string? text) => !string.IsNullOrEmpty(text) && !string.Equals(Redact(text), text, StringComparison.Ordinal);

    /// <summary>
    /// <paramref name="exception"/> unchanged when neither its message nor anything in its chain holds a secret, else a
    /// stand-in whose <see cref="Exception.Message"/> and <see cref="Exception.ToString"/> are the redacted originals.
    /// </summary>
    /// <param name="exception">An exception, or null.</param>
    /// <returns>An exception that is safe to log or attach, or null.</returns>
    public Exception? RedactException(Exception? exception)
    {
        if (exception is null) return null;
        var full = exception.ToString();
        var redacted = Redact(full);
        return string.Equals(full, redacted, StringComparison.Ordinal) ? exception : new RedactedException(exception, Redact(exception.Message), redacted);
    }
}
