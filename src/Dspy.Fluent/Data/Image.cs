using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// An image for an input field of this type: a URL (https, or a <c>data:</c> URI holding the bytes) that the adapter
/// sends to the LM as an image part of the user message, as DSPy does with <c>dspy.Image</c>.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.Image</c>. A signature spells the type <c>Image</c> (<c>image: Image, question -&gt; answer</c>,
/// or <c>list[Image]</c>); a typed signature uses a property of this type. The prompt text keeps DSPy's layout around
/// each image, byte for byte; an https URL is passed on as a link, never downloaded here.</para>
/// <para>Immutable; equal when the URLs are equal. In JSON (saved programs, reports) an image is DSPy's marker string for it,
/// as in a program DSPy saved, so saved files load in either.</para>
/// </remarks>
/// <example>
/// <code>
/// var describe = Predict.Create("describe", "image: Image, question -> answer");
/// var answer = await describe.RunAsync(Example.Create("image", Image.FromFile("cat.png")).With("question", "What animal is this?"));
/// </code>
/// </example>
[JsonConverter(typeof(MediaJsonConverter<Image>))]
public sealed class Image : IEquatable<Image>, IMediaValue
{
    private static readonly Dictionary<string, string> MediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png", [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".gif"] = "image/gif", [".webp"] = "image/webp",
        [".bmp"] = "image/bmp", [".svg"] = "image/svg+xml", [".tif"] = "image/tiff", [".tiff"] = "image/tiff",
    };

    private Image(string url) => Url = url;

    /// <summary>The image's URL: <c>https://…</c> or a <c>data:image/…;base64,…</c> URI.</summary>
    public string Url { get; }

    /// <summary>The media type: a data URI's own, or guessed from the URL's extension (<c>image/*</c> when it has none).</summary>
    /// <example><code>Image.FromUrl("https://example.com/cat.png").MediaType // "image/png"</code></example>
    public string MediaType => Url.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
        ? Url[5..Math.Max(5, Url.IndexOfAny([';', ','], 5))]
        : MediaTypes.GetValueOrDefault(Path.GetExtension(new Uri(Url).AbsolutePath), "image/*");

    /// <summary>An image at <paramref name="url"/> (http, https or a data URI).</summary>
    /// <param name="url">The URL.</param>
    /// <exception cref="ArgumentException">Not an absolute http(s) URL or a base64 data URI.</exception>
    /// <example><code>var image = Image.FromUrl("https://example.com/images/cat.png");</code></example>
    public static Image FromUrl(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            if (!url.Contains(";base64,", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException("A data URI image must be base64-encoded (data:image/png;base64,...).", nameof(url));
            return new Image(url);
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"'{url}' is not an http(s) URL or a data URI; for a file use Image.FromFile(path).", nameof(url));
        return new Image(url);
    }

    /// <summary>An image from its bytes, as a base64 data URI.</summary>
    /// <param name="data">The encoded image (PNG, JPEG…).</param>
    /// <param name="mediaType">Its media type, e.g. <c>image/png</c>.</param>
    /// <example><code>var image = Image.FromBytes(File.ReadAllBytes("cat.png"), "image/png");</code></example>
    public static Image FromBytes(ReadOnlySpan<byte> data, string mediaType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaType);
        if (data.IsEmpty) throw new ArgumentException("The image has no bytes.", nameof(data));
        return new Image($"data:{mediaType};base64,{Convert.ToBase64String(data)}");
    }

    /// <summary>An image read from a file, as a base64 data URI; the media type comes from the extension.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="ArgumentException">The extension is not a known image type.</exception>
    /// <example><code>var image = Image.FromFile("cat.png");</code></example>
    public static Image FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var mediaType = MediaTypes.GetValueOrDefault(Path.GetExtension(path)) ?? throw new ArgumentException(
            $"Cannot tell the image type of '{path}' from its extension; use Image.FromBytes(bytes, mediaType).", nameof(path));
        return FromBytes(File.ReadAllBytes(path), mediaType);
    }

    /// <inheritdoc />
    public bool Equals(Image? other) => other is not null && Url == other.Url;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Image);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Url);

    Dictionary<string, object?> IMediaValue.DspyPart =>
        new() { ["type"] = "image_url", ["image_url"] = new Dictionary<string, object?> { ["url"] = Url } };

    AIContent IMediaValue.ToContent() =>
        Url.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
            ? new DataContent(Url) { RawRepresentation = this }
            : new UriContent(new Uri(Url), MediaType) { RawRepresentation = this };

    string IMediaValue.Shown => Url.IndexOf("base64,", StringComparison.Ordinal) is var at and >= 0 ? ShownAsData(Url, at) : $"<image_url: {Url}>";

    /// <summary>A data URI as DSPy's <c>inspect_history</c> shows an image's: its header, then the base64 length.</summary>
    internal static string ShownAsData(string uri, int base64At) => $"<{uri[..(base64At + 7)]}<IMAGE BASE 64 ENCODED({uri.Length - base64At - 7})>";

    /// <summary>The URL, shortened when it is a data URI.</summary>
    public override string ToString() => Url.Length <= 80 ? Url : $"{Url[..60]}… ({Url.Length} characters)";
}
