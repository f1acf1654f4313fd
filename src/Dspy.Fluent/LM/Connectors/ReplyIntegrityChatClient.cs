using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Turns a reply that was cut short on the wire into an <see cref="HttpIOException"/>, the exception HttpClient
/// itself raises for a response that ends early, so retry middleware has one transient error to recognise.
/// </summary>
/// <remarks>
/// Without this, a cut JSON body surfaces as a <see cref="JsonException"/> from deep inside the SDK, and a cut
/// OpenAI event stream is worse: it simply ends, and the caller gets a partial reply as if it were complete.
/// Every server this connects to ends a complete stream with a finish reason, so a stream without one was cut.
/// </remarks>
internal sealed class ReplyIntegrityChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw NotJson(e);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var finished = false;
        await using var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            ChatResponseUpdate update;
            try
            {
                if (!await updates.MoveNextAsync().ConfigureAwait(false)) break;
                update = updates.Current;
            }
            catch (JsonException e)
            {
                throw NotJson(e);
            }
            finished |= update.FinishReason is not null;
            yield return update;
        }
        if (!finished)
            throw new HttpIOException(HttpRequestError.ResponseEnded,
                "The LM server's event stream ended before the reply was finished (no finish reason): the connection was cut short. Retrying the request usually helps.");
    }

    private static HttpIOException NotJson(JsonException e) => new(HttpRequestError.InvalidResponse,
        $"The LM server's reply is not valid JSON; it was most likely cut short on the way. Retrying the request usually helps. ({e.Message})", e);
}
