using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Translates the OpenAI SDK's <see cref="ClientResultException"/> into <see cref="LMProviderException"/> (status,
/// <c>Retry-After</c>, the provider's own error text), so the core's retries and messages need no SDK.
/// </summary>
internal sealed class OpenAIErrorChatClient(IChatClient inner, TimeProvider time) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (ClientResultException e)
        {
            throw Translate(e);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            ChatResponseUpdate update;
            try
            {
                if (!await updates.MoveNextAsync().ConfigureAwait(false)) yield break;
                update = updates.Current;
            }
            catch (ClientResultException e)
            {
                throw Translate(e);
            }
            yield return update;
        }
    }

    private LMProviderException Translate(ClientResultException exception)
    {
        var response = exception.GetRawResponse();
        if (exception.Status == 0 || response is null) return new LMProviderException(exception.Message, null, null, exception);
        return new LMProviderException(ProviderMessage(response) ?? exception.Message, exception.Status, ReadRetryAfter(response.Headers), exception);
    }

    /// <summary>The provider's own error text from an OpenAI-style body (<c>{"error":{"message":...}}</c>), or null.</summary>
    private static string? ProviderMessage(PipelineResponse response)
    {
        try
        {
            var content = response.Content;
            if (content is null || content.ToMemory().Length == 0) return null;
            using var doc = JsonDocument.Parse(content.ToMemory());
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String) return error.GetString();
                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message)) return message.GetString();
            }
            return null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return null; // an unbuffered or non-JSON body: the exception's own message will do
        }
    }

    private TimeSpan? ReadRetryAfter(PipelineResponseHeaders headers)
    {
        // OpenAI sends retry-after-ms as well as Retry-After; the millisecond one is more precise.
        if (headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
            return TimeSpan.FromMilliseconds(millis);
        return headers.TryGetValue("Retry-After", out var value) ? LMFailure.ParseRetryAfter(value, time) : null;
    }
}
