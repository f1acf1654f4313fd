using Xunit.Sdk;

namespace Dspy.Fluent.Internal;

/// <summary>
/// The compiled prompts differ from the reviewed snapshot, or strict mode found none. Derives from
/// <see cref="XunitException"/> so the runner reports a failed assertion with our message, not an error with a trace.
/// </summary>
internal sealed class PromptSnapshotMismatchException(string message, Exception inner) : XunitException(message, inner);
