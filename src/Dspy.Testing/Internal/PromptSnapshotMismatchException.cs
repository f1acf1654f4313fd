using Xunit.Sdk;

namespace Dspy.Fluent.Internal;

/// <summary>
/// The compiled prompts differ from the reviewed snapshot, or strict mode found none. Derives from
/// <see cref="XunitException"/> so the runner reports a failed assertion with our message.
/// </summary>
/// <remarks>
/// Snapshooter's exception is not kept as the inner exception: the runner would print its "Strings differ (pos N)"
/// and its stack under our diff, which is the noise this message replaces.
/// </remarks>
internal sealed class PromptSnapshotMismatchException(string message) : XunitException(message);
