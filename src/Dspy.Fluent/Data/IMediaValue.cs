using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// A value the adapters send as a content part of its own (<see cref="Image"/>, <see cref="Audio"/>, <see cref="FileInput"/>),
/// as DSPy sends a <c>dspy.Type</c> whose <c>format()</c> returns content parts; <see cref="MediaParts"/> does the rest.
/// </summary>
internal interface IMediaValue
{
    /// <summary>The content part as DSPy's <c>format()</c> returns it (<c>{"type": "image_url", …}</c>), for saved states and markers.</summary>
    Dictionary<string, object?> DspyPart { get; }

    /// <summary>The Microsoft.Extensions.AI content sent to the LM.</summary>
    AIContent ToContent();

    /// <summary>The part as DSPy's <c>inspect_history</c> shows it, without the bytes.</summary>
    string Shown { get; }
}
