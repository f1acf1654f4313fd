using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Dspy.Fluent.Internal;
using Dspy.Fluent.Orleans.Internal;
using Orleans.Runtime.Messaging;

namespace Dspy.Fluent.Orleans;

/// <summary>
/// Runs evaluation and optimizer work on an Orleans cluster: the examples are cut into batches, each silo holds
/// <see cref="OrleansExecutorOptions.BatchesInFlightPerSilo"/> of them at once, and every silo runs its batches with the
/// program registered under <see cref="Program"/> (its own build, with the shipped state), its own LM, cache,
/// concurrency and rate limit. Runs come back as batches finish; the caller's results equal a single-machine run.
/// </summary>
/// <remarks>
/// <para>Shipped per batch: the program's name, types and predictor fingerprints, its whole <see cref="ProgramState"/>,
/// the LM settings that are not the client (adapter, temperature, max tokens, model, rollout id), the metric's name,
/// and each example with the program input the client built from it (<see cref="ExampleWork{TIn, TOut}.ToInput"/> runs
/// here, so it may be any function). Returned: each run's output, trace, score or error, usage and, when asked for, LM calls.</para>
/// <para>A silo that dies or cannot be reached loses nothing: its unfinished batches run again on the other silos
/// (with a shared LM cache the LM calls it had finished are not repeated), and a batch that fails on
/// <see cref="OrleansExecutorOptions.MaxAttempts"/> silos comes back as failed runs with <see cref="ExampleErrorStage.Executor"/>.
/// A deployment problem (no such program or metric on a silo, another program build) fails the run at once, with the
/// silo's message. Cancellation reaches the silos' runs.</para>
/// <para><see cref="LMSettings.ChatOptions"/>, custom adapters and <see cref="LMSettings.History"/> do not travel;
/// the first two are an error, history is not recorded on the client.</para>
/// </remarks>
/// <example>
/// <code>
/// var executor = new OrleansExecutor(clusterClient, "rag");
/// var result = await Evaluate.RunAsync(rag, devset, Metrics.ExactMatch, new EvaluateOptions { Executor = executor });
/// var compiled = await new BootstrapFewShot(Metrics.ExactMatch).CompileAsync(rag, trainset,
///     new CompileOptions&lt;Example, Prediction&gt; { Executor = executor });
/// </code>
/// </example>
public sealed class OrleansExecutor : IExampleExecutor
{
    private readonly IClusterClient _client;
    private long _bytesSent;
    private long _bytesReceived;
    private int _batches;
    private int _retries;

    /// <summary>Creates an executor for the program registered as <paramref name="program"/> on the silos.</summary>
    /// <param name="client">A connected cluster client.</param>
    /// <param name="program">The name the silos registered the program under (<c>AddDspy().AddProgram(name, build)</c>).</param>
    /// <param name="options">Batch size, batches in flight per silo, attempts; null for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is below 1.</exception>
    /// <example>
    /// <code>
    /// var executor = new OrleansExecutor(clusterClient, "rag", new OrleansExecutorOptions { BatchSize = 8 });
    /// </code>
    /// </example>
    public OrleansExecutor(IClusterClient client, string program, OrleansExecutorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(program);
        options ??= new OrleansExecutorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchesInFlightPerSilo, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.LivenessCheckInterval, TimeSpan.Zero, nameof(options));
        _client = client;
        Program = program;
        Options = options;
    }

    /// <summary>The name the silos registered the program under; every batch asks for it by this name.</summary>
    /// <example>
    /// <code>
    /// Console.WriteLine($"running '{executor.Program}' on the cluster");
    /// </code>
    /// </example>
    public string Program { get; }

    /// <summary>How this executor cuts and spreads work (the constructor's options, or the defaults).</summary>
    /// <example>
    /// <code>
    /// var smaller = new OrleansExecutor(clusterClient, executor.Program, executor.Options with { BatchSize = 4 });
    /// </code>
    /// </example>
    public OrleansExecutorOptions Options { get; }

    /// <summary>Bytes of batch requests sent so far, by every run of this executor (what distribution ships).</summary>
    /// <example>
    /// <code>
    /// Console.WriteLine($"{executor.BytesSent / devset.Count} bytes sent per example");
    /// </code>
    /// </example>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Bytes of batch replies received so far, by every run of this executor.</summary>
    /// <example>
    /// <code>
    /// Console.WriteLine($"{executor.BytesReceived / devset.Count} bytes back per example");
    /// </code>
    /// </example>
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    /// <summary>Batches that came back from a silo so far.</summary>
    /// <example>
    /// <code>
    /// Console.WriteLine($"{executor.BatchesRun} grain calls for {devset.Count} examples");
    /// </code>
    /// </example>
    public int BatchesRun => Volatile.Read(ref _batches);

    /// <summary>Batch attempts that failed for want of a silo (a dead or unreachable one) and were re-run or reported failed.</summary>
    /// <example>
    /// <code>
    /// if (executor.BatchesRetried &gt; 0) Console.WriteLine($"{executor.BatchesRetried} batches ran again after a silo was lost");
    /// </code>
    /// </example>
    public int BatchesRetried => Volatile.Read(ref _retries);

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No silo is active, or a silo reports a deployment problem (no such
    /// program or metric, another program build); the message comes from the silo and says what to register.</exception>
    /// <exception cref="NotSupportedException">The settings hold something that cannot be shipped (ChatOptions, a custom adapter).</exception>
    public async IAsyncEnumerable<ExampleRun<TOut>> RunAsync<TIn, TOut>(ExampleWork<TIn, TOut> work,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var header = Header(work);
        var inputFailures = new List<ExampleRun<TOut>>();
        var ready = new List<(int Index, TIn Input)>();
        for (var i = 0; i < work.Examples.Count; i++)
        {
            try
            {
                ready.Add((i, work.ToInput(work.Examples[i])));
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                inputFailures.Add(new ExampleRun<TOut> { Index = i, Error = ExampleError.From(ExampleErrorStage.Input, e) });
            }
        }
        foreach (var run in inputFailures) yield return run;
        if (ready.Count == 0) yield break;

        var silos = await ActiveSilosAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        var batches = BatchCut.Cut(ready, silos.Count * Options.BatchesInFlightPerSilo, Options.BatchSize).Select(chunk => new Batch<TIn>(chunk)).ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var dispatch = new Dispatch<TIn, TOut>(this, work, header, silos, batches, stop.Token);
        var running = dispatch.StartAsync();
        try
        {
            await foreach (var run in dispatch.Results.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
                yield return run;
            // Rethrows a deployment error or the caller's cancellation.
            await running.ConfigureAwait(false);
        }
        finally
        {
            if (!running.IsCompleted)
            {
                // The caller stopped reading early: stop the silos' batches and wait for the workers to return.
                await stop.CancelAsync().ConfigureAwait(false);
                await running.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
            }
        }
    }

    private BatchRequest Header<TIn, TOut>(ExampleWork<TIn, TOut> work)
    {
        var program = work.Program;
        // Every declared predictor gets an entry, so the shipped state replaces whatever state the silo's build loaded.
        var state = program.State;
        foreach (var p in program.Predictors) state = state.With(p.Name.ToString(), state.Find(p.Name.ToString()) ?? PredictorState.Empty);
        return new BatchRequest
        {
            Program = Program, InputType = typeof(TIn).FullName!, OutputType = typeof(TOut).FullName!,
            Structure = PredictorFingerprint.Of(program), StateJson = ProgramStateJson.Write(state),
            Settings = ShippedSettings.From(work.Settings), Metric = work.Metric.Name,
            Bootstrapping = work.Bootstrapping, KeepHistory = work.KeepHistory, Examples = [],
        };
    }

    private async Task<List<SiloAddress>> ActiveSilosAsync()
    {
        var hosts = await _client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).ConfigureAwait(false);
        var silos = hosts.Keys.OrderBy(s => s.ToParsableString(), StringComparer.Ordinal).ToList();
        return silos.Count > 0 ? silos : throw new InvalidOperationException($"No Orleans silo is active to run the Dspy program '{Program}'.");
    }

    /// <summary>Whether <paramref name="e"/> says the silo is gone or unreachable (worth trying elsewhere), not that the work is wrong.</summary>
    private static bool IsTransport(Exception e) => e is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException
        or ConnectionFailedException or ClientNotAvailableException or GatewayTooBusyException;

    private sealed record Batch<TIn>((int Index, TIn Input)[] Examples)
    {
        public int Attempts { get; set; }

        public List<string> Failures { get; } = [];
    }

    /// <summary>One run of the work over the cluster: per silo and slot a worker that takes batches from one queue.</summary>
    private sealed class Dispatch<TIn, TOut>(OrleansExecutor owner, ExampleWork<TIn, TOut> work, BatchRequest header, List<SiloAddress> silos,
        List<Batch<TIn>> batches, CancellationToken cancellationToken)
    {
        private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        private readonly Channel<Batch<TIn>> _pending = Channel.CreateUnbounded<Batch<TIn>>();
        private readonly object _gate = new();
        private readonly HashSet<SiloAddress> _dead = [];
        private readonly Dictionary<SiloAddress, CancellationTokenSource> _siloStops = [];
        private int _remaining = batches.Count;
        private Exception? _failure;

        public Channel<ExampleRun<TOut>> Results { get; } = Channel.CreateUnbounded<ExampleRun<TOut>>(new UnboundedChannelOptions { SingleReader = true });

        public async Task StartAsync()
        {
            foreach (var batch in batches) _pending.Writer.TryWrite(batch);
            foreach (var silo in silos) _siloStops[silo] = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            using var watching = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var watchdog = WatchAsync(watching.Token);
            var workers = silos.SelectMany(silo => Enumerable.Range(0, owner.Options.BatchesInFlightPerSilo).Select(slot => Task.Run(() => WorkAsync(silo, slot)))).ToArray();
            try
            {
                try
                {
                    await Task.WhenAll(workers).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_failure is not null)
                {
                    // The other workers were stopped because one failed; that failure is the one to report.
                }
                if (_failure is not null) throw _failure;
                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (Exception e)
            {
                Results.Writer.TryComplete(e);
                throw;
            }
            finally
            {
                await watching.CancelAsync().ConfigureAwait(false);
                await watchdog.ConfigureAwait(false);
                foreach (var stop in _siloStops.Values) stop.Dispose();
                _stop.Dispose();
            }
            Results.Writer.TryComplete();
        }

        /// <summary>
        /// Watches the cluster's membership while batches run: a call to a silo that died may otherwise wait for the
        /// client's response timeout, so a silo that left the active list has its calls cancelled and its batches re-run.
        /// </summary>
        private async Task WatchAsync(CancellationToken token)
        {
            using var timer = new PeriodicTimer(owner.Options.LivenessCheckInterval);
            try
            {
                while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
                {
                    HashSet<SiloAddress> active;
                    try
                    {
                        active = [.. await owner.ActiveSilosAsync().WaitAsync(token).ConfigureAwait(false)];
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        continue; // membership could not be read this time (e.g. the gateway went away); try again next tick
                    }
                    foreach (var silo in silos.Where(s => !active.Contains(s)))
                        if (MarkDead(silo)) await _siloStops[silo].CancelAsync().ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // The run is over.
            }
        }

        private async Task WorkAsync(SiloAddress silo, int slot)
        {
            try
            {
                await WorkCoreAsync(silo, slot).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !_stop.IsCancellationRequested)
            {
                // A deployment problem (or a bug) reported by a silo: the whole run fails with it, at once.
                Interlocked.CompareExchange(ref _failure, e, null);
                await _stop.CancelAsync().ConfigureAwait(false);
            }
        }

        private async Task WorkCoreAsync(SiloAddress silo, int slot)
        {
            var siloStop = _siloStops[silo];
            var grain = owner._client.GetGrain<IDspyWorkerGrain>(WorkerKey.For(silo, slot));
            while (await _pending.Reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                if (!_pending.Reader.TryRead(out var batch)) continue;
                if (IsDead(silo))
                {
                    _pending.Writer.TryWrite(batch);
                    return;
                }
                byte[] reply;
                try
                {
                    var request = Request(batch);
                    Interlocked.Add(ref owner._bytesSent, request.Length);
                    reply = await grain.RunBatchAsync(request, siloStop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (!_stop.IsCancellationRequested && (IsTransport(e) || (e is OperationCanceledException && siloStop.IsCancellationRequested)))
                {
                    // Only the membership says a silo is dead: a call can also fail because the gateway it went through died.
                    var dead = siloStop.IsCancellationRequested || !await IsActiveAsync(silo).ConfigureAwait(false);
                    if (dead) MarkDead(silo);
                    Retry(batch, $"{silo}: {(e is OperationCanceledException ? "the silo left the cluster" : $"{e.GetType().Name}: {e.Message}")}");
                    if (dead) return;
                    continue;
                }
                Interlocked.Add(ref owner._bytesReceived, reply.Length);
                Interlocked.Increment(ref owner._batches);
                var runs = BatchReply.Read<TOut>(reply, SignatureOf);
                foreach (var run in runs) Results.Writer.TryWrite(run);
                Finished();
            }
        }

        private async Task<bool> IsActiveAsync(SiloAddress silo)
        {
            try
            {
                return (await owner.ActiveSilosAsync().WaitAsync(_stop.Token).ConfigureAwait(false)).Contains(silo);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return false; // cannot tell: treat it as gone, its batches run elsewhere
            }
        }

        private bool IsDead(SiloAddress silo)
        {
            lock (_gate) return _dead.Contains(silo);
        }

        /// <summary>Records that <paramref name="silo"/> is gone; with no silo left, the queued batches fail here, since nobody will take them.</summary>
        private bool MarkDead(SiloAddress silo)
        {
            List<Batch<TIn>> orphans = [];
            lock (_gate)
            {
                if (!_dead.Add(silo)) return false;
                if (_dead.Count == silos.Count)
                    while (_pending.Reader.TryRead(out var queued)) orphans.Add(queued);
            }
            foreach (var orphan in orphans) Fail(orphan);
            return true;
        }

        /// <summary>A batch's attempt failed: it goes back in the queue for the live silos, or fails after the last attempt.</summary>
        private void Retry(Batch<TIn> batch, string failure)
        {
            bool again;
            Interlocked.Increment(ref owner._retries);
            lock (_gate)
            {
                batch.Attempts++;
                batch.Failures.Add(failure);
                again = batch.Attempts < owner.Options.MaxAttempts && _dead.Count < silos.Count;
                if (again) _pending.Writer.TryWrite(batch);
            }
            if (!again) Fail(batch);
        }

        private void Fail(Batch<TIn> batch)
        {
            var reason = new ExampleError(ExampleErrorStage.Executor, "OrleansExecutorException",
                $"No silo could run the example ({batch.Attempts} attempt(s); {string.Join("; ", batch.Failures.DefaultIfEmpty("no live silo left"))}).");
            foreach (var (index, _) in batch.Examples) Results.Writer.TryWrite(new ExampleRun<TOut> { Index = index, Error = reason });
            Finished();
        }

        private void Finished()
        {
            if (Interlocked.Decrement(ref _remaining) == 0) _pending.Writer.TryComplete();
        }

        private byte[] Request(Batch<TIn> batch) =>
            (header with { Examples = [.. batch.Examples.Select(e => new BatchExample(e.Index, work.Examples[e.Index]))] })
                .Write((w, i) => WireValue<TIn>.Write(w, batch.Examples[i].Input));

        private Signature SignatureOf(string name)
        {
            var predictor = work.Program.Structure.Find(name) ?? throw new InvalidOperationException(
                $"A silo returned a trace entry of predictor '{name}', which the client's program does not declare.");
            // What the predictor records: its signature with the run's compiled instructions (Predictor.SignatureFor).
            var instructions = work.Program.State.Find(name)?.Instructions;
            return instructions is not null && instructions != predictor.Signature.Instructions ? predictor.Signature.WithInstructions(instructions) : predictor.Signature;
        }
    }
}
