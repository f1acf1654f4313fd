using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Examples.MultiHopRag;

/// <summary>
/// One tiny call before the long run: a dead, misconfigured or unauthorised LM otherwise showed up only as a table of
/// 0 % scores, every example having failed quietly.
/// </summary>
public static class LMCheck
{
    /// <summary>How long the check waits for an answer.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(8);

    /// <summary>
    /// Asks <paramref name="provider"/> for a one-token reply, once (no retries, no cache), and returns null when it
    /// answers, else what went wrong and what to do, secrets masked.
    /// </summary>
    /// <param name="provider">The connector's client, below the cache, so the call really reaches the LM.</param>
    /// <param name="spec">The spec the client was made from, for the message.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>Null, or the text for stderr.</returns>
    /// <example>
    /// <code>
    /// if (await LMCheck.ProblemAsync(provider, spec) is { } problem) { Console.Error.WriteLine(problem); return 3; }
    /// </code>
    /// </example>
    public static async Task<string?> ProblemAsync(IChatClient provider, LMSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(spec);
        // Retrying with one attempt adds nothing but the library's typed failure: status, masked provider message, advice.
        using var once = new ChatClientBuilder(provider).UseLMRetries(c => c.MaxAttempts = 1).Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var where = spec.Endpoint is { } endpoint ? $" at {endpoint}" : "";
        try
        {
            await once.GetResponseAsync([new ChatMessage(ChatRole.User, "Reply with the word OK.")], new ChatOptions { MaxOutputTokens = 1 }, timeout.Token)
                .ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"Cannot use the LM {spec}: it did not answer a one-token request within {Timeout.TotalSeconds:0} s. " +
                   $"Is the server{where} running and not overloaded? {Skip}";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // An LMCallFailedException already says what to do (start the server, check the key or the model name).
            return $"Cannot use the LM {spec}: {SecretRedactor.For(provider).Redact(e.Message)} {Skip}";
        }
    }

    private const string Skip = "(The job stopped before compiling; --no-lm-check skips this check, e.g. to replay a complete --cache with the server down.)";
}
