using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>A streaming client that breaks the contract (issue 15): a null update, null contents.</summary>
public sealed class StreamingMisbehavingClientTests
{
    private const string Reply = "[[ ## answer ## ]]\n2\n\n[[ ## completed ## ]]";

    /// <summary>Streams the updates it is given, null ones included.</summary>
    private sealed class UpdatesClient(params ChatResponseUpdate?[] updates) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Reply)));

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            foreach (var update in updates) yield return update!;
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }

    private static readonly Predictor<Example, Prediction> Qa = Predict.Create("qa", "question -> answer: int");
    private static readonly Example Input = Example.Create("question", "1 + 1?");

    private static async Task<List<StreamUpdate<Prediction>>> StreamAllAsync(IChatClient client, LMHistory? history = null)
    {
        var updates = new List<StreamUpdate<Prediction>>();
        await foreach (var update in Qa.StreamAsync(Input, new LMSettings { Client = client, Model = "small-1", History = history }, TestContext.Current.CancellationToken))
            updates.Add(update);
        return updates;
    }

    [Fact]
    public async Task A_null_update_is_an_error_naming_the_client_model_predictor_and_position()
    {
        var client = new UpdatesClient(new ChatResponseUpdate(ChatRole.Assistant, "[[ ## answer ## ]]\n"), null);
        var history = new LMHistory();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StreamAllAsync(client, history));

        Assert.Contains("UpdatesClient", error.Message);
        Assert.Contains("model 'small-1'", error.Message);
        Assert.Contains("predictor 'qa'", error.Message);
        Assert.Contains("update 2 of its stream was null", error.Message);
        Assert.Equal(error.Message, history.Calls.Single().Error);
    }

    [Fact]
    public async Task A_null_update_through_the_librarys_middleware_is_the_same_error()
    {
        var client = new ChatClientBuilder(new UpdatesClient(new ChatResponseUpdate(ChatRole.Assistant, "[[ ## answer ## ]]\n"), null))
            .UseLMUsage()
            .UseLMRateLimit(new LMRateLimit { RequestsPerMinute = 1000 })
            .UseLMRetries()
            .UseLMTimeout(TimeSpan.FromMinutes(1))
            .UseDspyOpenTelemetry()
            .Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StreamAllAsync(client));

        Assert.Contains("update 2 of its stream was null", error.Message);
    }

    [Fact]
    public async Task Null_contents_in_an_update_count_as_no_content()
    {
        var client = new UpdatesClient(new ChatResponseUpdate { Role = ChatRole.Assistant, Contents = null }, new ChatResponseUpdate(ChatRole.Assistant, Reply));

        var updates = await StreamAllAsync(client);

        Assert.Equal(2L, updates[^1].Output!.Get<long>("answer"));
    }

    [Fact]
    public async Task A_null_item_among_an_updates_contents_is_skipped()
    {
        var client = new UpdatesClient(new ChatResponseUpdate(ChatRole.Assistant, [null!, new TextContent(Reply), null!]));
        var history = new LMHistory();

        var updates = await StreamAllAsync(client, history);

        Assert.Equal(2L, updates[^1].Output!.Get<long>("answer"));
        Assert.Equal(Reply, history.Calls.Single().Reply);
    }
}
