using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Dspy.Fluent;

/// <summary>
/// Removes secrets from text before it reaches a log, a trace, an exception message or a history rendering: API keys,
/// <c>Authorization</c>/<c>Bearer</c> values, key-like query parameters and passwords in connection strings, plus any
/// string registered with <see cref="AddSecret"/>.
/// </summary>
/// <remarks>
/// <para><see cref="Shared"/> is the process-wide instance every middleware of this library uses unless given another.
/// It starts with the values of environment variables whose names end in <c>_API_KEY</c>, <c>_TOKEN</c>, <c>_SECRET</c>
/// or <c>_PASSWORD</c> (values of 8 characters or more), so a key read from <c>OPENAI_API_KEY</c> is redacted even where
/// it does not look like one. A component that learns a secret some other way (a connector given a key in code) should
/// register it with <see cref="AddSecret"/>.</para>
/// <para>Thread-safe: secrets and patterns may be added while other threads redact.</para>
/// </remarks>
/// <example>
/// <code>
/// SecretRedactor.Shared.AddSecret(apiKey);
/// var safe = SecretRedactor.Shared.Redact($"calling with key {apiKey}");   // "calling with key [redacted]"
/// </code>
/// </example>
public sealed class SecretRedactor
{
    /// <summary>What every secret is replaced with.</summary>
    public const string Mask = "[redacted]";

    private const int MinimumSecretLength = 4;
    private static readonly string[] SecretVariableSuffixes = ["_API_KEY", "_APIKEY", "_TOKEN", "_SECRET", "_PASSWORD", "_ACCESS_KEY"];

    private static readonly Lazy<SecretRedactor> SharedInstance = new(() => new SecretRedactor(includeEnvironmentSecrets: true));

    private ImmutableArray<string> _secrets = [];
    private ImmutableArray<Regex> _patterns;

    /// <summary>Creates a redactor with the built-in patterns and no registered secrets.</summary>
    public SecretRedactor() : this(includeEnvironmentSecrets: false) { }

    private SecretRedactor(bool includeEnvironmentSecrets)
    {
        _patterns = BuiltInPatterns.Patterns;
        if (!includeEnvironmentSecrets) return;
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = variable.Key.ToString() ?? "";
            if (variable.Value is string value && value.Length >= 8 &&
                SecretVariableSuffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase)))
                AddSecret(value);
        }
    }

    /// <summary>The process-wide redactor (built-in patterns plus secrets from the environment and <see cref="AddSecret"/>).</summary>
    public static SecretRedactor Shared => SharedInstance.Value;

    /// <summary>How many literal secrets are registered.</summary>
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
