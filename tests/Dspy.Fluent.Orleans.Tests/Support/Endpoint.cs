using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Orleans.Tests;

/// <summary>
/// The LM endpoint the silos share in a test cluster: the simulated LM behind a counter of requests per prompt, with
/// per-silo hooks a test sets to hold requests (to cancel them, or to have a silo die with work in flight).
/// </summary>
public sealed class Endpoint
{
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _completed = new(StringComparer.Ordinal);
    private readonly SimulatedLM _lm = new();
    private readonly ConcurrentDictionary<string, int> _bySilo = new(StringComparer.Ordinal);
    private int _total;

    /// <summary>Requests seen per silo name.</summary>
    public IReadOnlyDictionary<string, int> BySilo => new Dictionary<string, int>(_bySilo);

    /// <summary>Requests seen, in all.</summary>
    public int Total => Volatile.Read(ref _total);

    /// <summary>
    /// Called before a request on silo <c>silo</c> is answered; it may wait (observing the request's token) or throw.
    /// Null answers at once.
    /// </summary>
    public Func<string, CancellationToken, Task>? Hold { get; set; }

    /// <summary>The prompts silo <paramref name="silo"/> has had answered so far.</summary>
    public IReadOnlyList<string> AnsweredOn(string silo) => [.. _completed.Where(kv => kv.Value == silo).Select(kv => kv.Key)];

    /// <summary>How often <paramref name="key"/> was requested.</summary>
    public int RequestsFor(string key) => _requests.GetValueOrDefault(key);

    /// <summary>Prompts requested more than once.</summary>
    public int Repeated => _requests.Count(kv => kv.Value > 1);

    public IChatClient For(string silo) => new Client(this, silo);

    private static string Key(IEnumerable<ChatMessage> messages, ChatOptions? options) =>
        $"{options?.Temperature}|{string.Join(",", options?.AdditionalProperties?.Select(kv => $"{kv.Key}={kv.Value}") ?? [])}|{string.Join("\n", messages.Select(m => m.Text))}";

    private sealed class Client(Endpoint endpoint, string silo) : DelegatingChatClient(endpoint._lm)
    {
        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = messages.ToList();
            var key = Key(list, options);
            endpoint._requests.AddOrUpdate(key, 1, (_, n) => n + 1);
            Interlocked.Increment(ref endpoint._total);
            endpoint._bySilo.AddOrUpdate(silo, 1, (_, n) => n + 1);
            if (endpoint.Hold is { } hold) await hold(silo, cancellationToken);
            var response = await base.GetResponseAsync(list, options, cancellationToken);
            endpoint._completed.TryAdd(key, silo);
            return response;
        }

        // The endpoint is shared by the silos; a silo's host disposing its client must not dispose the simulator.
        protected override void Dispose(bool disposing) { }
    }
}
