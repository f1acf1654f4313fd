using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// An audio clip for an input field of this type: its bytes (base64) and format (<c>wav</c>, <c>mpeg</c>…), which the
/// adapter sends to the LM as an audio part of the user message, as DSPy does with <c>dspy.Audio</c>.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.Audio</c>. A signature spells the type <c>Audio</c> (<c>clip: Audio -&gt; transcript</c>, or
/// <c>list[Audio]</c>); a typed signature uses a property of this type. It reaches the LM as a <see cref="DataContent"/>
/// with media type <c>audio/{format}</c> where DSPy sends its <c>input_audio</c> part; the prompt text around it is DSPy's,
/// byte for byte. Nothing is ever downloaded here (DSPy's <c>from_url</c> has no counterpart: read the bytes yourself).</para>
/// <para>Immutable; equal when format and bytes are equal. In JSON (saved programs, reports) a clip is DSPy's marker string
/// for it, as in a program DSPy saved, so saved files load in either.</para>
/// </remarks>
/// <example>
/// <code>
/// var transcribe = Predict.Create("transcribe", "clip: Audio -> transcript");
/// var text = await transcribe.RunAsync(Example.Create("clip", Audio.FromFile("hello.wav")));
/// </code>
/// </example>
[JsonConverter(typeof(MediaJsonConverter<Audio>))]
public sealed class Audio : IEquatable<Audio>, IMediaValue
{
    // The formats Python's mimetypes gives these extensions, with DSPy's "x-" prefix removed (.wav is audio/x-wav → wav).
    private static readonly Dictionary<string, string> Formats = new(StringComparer.OrdinalIgnoreCase)
    {
        [".wav"] = "wav", [".mp3"] = "mpeg", [".ogg"] = "ogg", [".opus"] = "ogg", [".flac"] = "flac", [".m4a"] = "mp4",
        [".aac"] = "aac", [".aif"] = "aiff", [".aiff"] = "aiff", [".au"] = "basic", [".snd"] = "basic", [".mp2"] = "mpeg",
    };

    private readonly string base64;

    private Audio(string base64, string format)
    {
        this.base64 = base64;
        Format = format;
    }

    /// <summary>The format DSPy sends with the clip (<c>wav</c>, <c>mpeg</c>, <c>ogg</c>…), without an <c>x-</c> prefix.</summary>
    /// <example><code>Audio.FromBytes(bytes, "x-wav").Format // "wav"</code></example>
    public string Format { get; }

    /// <summary>The media type of the part sent to the LM: <c>audio/{Format}</c>.</summary>
    /// <example><code>Audio.FromBytes(bytes, "wav").MediaType // "audio/wav"</code></example>
    public string MediaType => "audio/" + Format;

    /// <summary>The encoded clip.</summary>
    /// <example><code>File.WriteAllBytes("copy.wav", clip.Data.ToArray());</code></example>
    public ReadOnlyMemory<byte> Data => Convert.FromBase64String(base64);

    /// <summary>A clip from its encoded bytes (DSPy: <c>dspy.Audio(data_bytes, audio_format=…)</c>).</summary>
    /// <param name="data">The encoded audio (a WAV file's bytes, an MP3's…).</param>
    /// <param name="format">Its format, e.g. <c>wav</c> or <c>audio/wav</c>; DSPy's <c>x-</c> prefix is removed.</param>
    /// <exception cref="ArgumentException">No bytes, or no format.</exception>
    /// <example><code>var clip = Audio.FromBytes(File.ReadAllBytes("hello.wav"), "wav");</code></example>
    public static Audio FromBytes(ReadOnlySpan<byte> data, string format)
    {
        if (data.IsEmpty) throw new ArgumentException("The audio clip has no bytes.", nameof(data));
        return new Audio(Convert.ToBase64String(data), Normalized(format));
    }

    /// <summary>A clip read from a file (DSPy: <c>dspy.Audio.from_path</c>); the format comes from the extension as DSPy's does.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="ArgumentException">The extension is not a known audio type.</exception>
    /// <example><code>var clip = Audio.FromFile("hello.wav"); // format "wav"</code></example>
    public static Audio FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var format = Formats.GetValueOrDefault(Path.GetExtension(path)) ?? throw new ArgumentException(
            $"Cannot tell the audio format of '{path}' from its extension; use Audio.FromBytes(bytes, format).", nameof(path));
        return FromBytes(System.IO.File.ReadAllBytes(path), format);
    }

    /// <summary>A clip from a <c>data:audio/…;base64,…</c> URI (DSPy accepts the same string).</summary>
    /// <param name="dataUri">The data URI.</param>
    /// <exception cref="ArgumentException">Not a base64 <c>data:audio/…</c> URI.</exception>
    /// <example><code>var clip = Audio.FromDataUri("data:audio/wav;base64,UklGRiQAAABXQVZF");</code></example>
    public static Audio FromDataUri(string dataUri)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataUri);
        var comma = dataUri.IndexOf(',', StringComparison.Ordinal);
        if (!dataUri.StartsWith("data:audio/", StringComparison.OrdinalIgnoreCase) || comma < 0 ||
            !dataUri[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"An audio data URI must look like data:audio/wav;base64,...; got '{Shorten(dataUri)}'.", nameof(dataUri));
        return FromBase64(dataUri[(comma + 1)..], dataUri[11..dataUri.IndexOfAny([';', ','], 11)]);
    }

    /// <summary>A clip from base64 text and a format, as DSPy's <c>input_audio</c> part holds it.</summary>
    internal static Audio FromBase64(string base64, string format)
    {
        try
        {
            if (Convert.FromBase64String(base64).Length == 0) throw new ArgumentException("The audio clip has no bytes.", nameof(base64));
        }
        catch (FormatException)
        {
            throw new ArgumentException($"The audio data is not base64: '{Shorten(base64)}'.", nameof(base64));
        }
        return new Audio(base64, Normalized(format));
    }

    private static string Normalized(string format)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(format);
        var f = format.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) ? format[6..] : format;
        return f.StartsWith("x-", StringComparison.Ordinal) ? f[2..] : f;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    Dictionary<string, object?> IMediaValue.DspyPart =>
        new() { ["type"] = "input_audio", ["input_audio"] = new Dictionary<string, object?> { ["data"] = base64, ["format"] = Format } };

    AIContent IMediaValue.ToContent() => new DataContent($"data:{MediaType};base64,{base64}") { RawRepresentation = this };

    string IMediaValue.Shown => $"<audio format='{Format}' base64-encoded, length={base64.Length}>";

    /// <inheritdoc />
    public bool Equals(Audio? other) => other is not null && Format == other.Format && base64 == other.base64;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Audio);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Format, StringComparer.Ordinal.GetHashCode(base64));

    /// <summary>The format and the base64 length, as DSPy's <c>repr</c> shows a clip.</summary>
    /// <example><code>Audio.FromBytes(bytes, "wav").ToString() // "Audio(data=&lt;AUDIO_BASE_64_ENCODED(24)&gt;, audio_format='wav')"</code></example>
    public override string ToString() => $"Audio(data=<AUDIO_BASE_64_ENCODED({base64.Length})>, audio_format='{Format}')";
}
