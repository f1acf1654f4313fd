namespace Dspy.Fluent.Orleans.Internal;

/// <summary>
/// Runs one batch of examples of a hosted program on the silo the grain lives on. The key names that silo
/// (<see cref="WorkerKey"/>), so the client decides how much work each silo has in flight.
/// </summary>
/// <remarks>Bytes in, bytes out: the batch and its runs are JSON written by <see cref="BatchRequest"/> and <see cref="BatchReply"/>.</remarks>
[Alias("Dspy.Fluent.Orleans.IDspyWorkerGrain")]
internal interface IDspyWorkerGrain : IGrainWithStringKey
{
    [Alias("RunBatch")]
    Task<byte[]> RunBatchAsync(byte[] batch, CancellationToken cancellationToken);
}
