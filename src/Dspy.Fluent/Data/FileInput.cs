using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// A file for an input field of this type (a PDF, a text file…): its bytes as a data URI, or the id of a file already
/// uploaded to the provider, with an optional name; the adapter sends it as a file part of the user message, as DSPy
/// does with <c>dspy.File</c>.
/// </summary>
/// <remarks>
/// <para>Corresponds to <c>dspy.File</c> (named <c>FileInput</c> here so that it never hides <see cref="System.IO.File"/>);
/// a signature spells the type <c>File</c>, as DSPy does (<c>document: File, question -&gt; answer</c>, or <c>list[File]</c>).
/// Bytes reach the LM as a <see cref="DataContent"/> with the media type and <see cref="DataContent.Name"/> set to the file
/// name, an uploaded file as a <see cref="HostedFileContent"/>, where DSPy sends OpenAI's <c>file</c> part; the prompt text
/// around it is DSPy's, byte for byte.</para>
/// <para>Immutable; equal when data, id and name are equal. In JSON (saved programs, reports) a file is DSPy's marker string
/// for it, so saved files load in either.</para>
/// </remarks>
/// <example>
/// <code>
/// var summarize = Predict.Create("summarize", "document: File -> summary");
/// var summary = await summarize.RunAsync(Example.Create("document", FileInput.FromPath("report.pdf")));
/// </code>
/// </example>
[JsonConverter(typeof(MediaJsonConverter<FileInput>))]
public sealed class FileInput : IEquatable<FileInput>, IMediaValue
{
    // The media types Python's mimetypes gives these extensions (DSPy's from_path guesses with it).
    private static readonly Dictionary<string, string> MediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf", [".txt"] = "text/plain", [".csv"] = "text/csv", [".json"] = "application/json",
        [".md"] = "text/markdown", [".html"] = "text/html", [".htm"] = "text/html", [".xml"] = "application/xml",
        [".py"] = "text/x-python", [".png"] = "image/png", [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [".doc"] = "application/msword", [".zip"] = "application/zip", [".wav"] = "audio/x-wav", [".mp3"] = "audio/mpeg",
    };

    private FileInput(string? dataUri, string? fileId, string? fileName)
    {
        DataUri = dataUri;
        FileId = fileId;
        FileName = fileName;
    }

    /// <summary>The file's bytes as a <c>data:{media type};base64,…</c> URI (DSPy's <c>file_data</c>), or null for an uploaded file.</summary>
    /// <example><code>FileInput.FromBytes([1, 2], "a.bin").DataUri // "data:application/octet-stream;base64,AQI="</code></example>
    public string? DataUri { get; }

    /// <summary>The provider's id of an uploaded file (DSPy's <c>file_id</c>), or null.</summary>
    /// <example><code>FileInput.FromFileId("file-abc123").FileId // "file-abc123"</code></example>
    public string? FileId { get; }

    /// <summary>The file's name (DSPy's <c>filename</c>), or null.</summary>
    /// <example><code>FileInput.FromPath("docs/report.pdf").FileName // "report.pdf"</code></example>
    public string? FileName { get; }

    /// <summary>The media type of <see cref="DataUri"/>, or null for an uploaded file.</summary>
    /// <example><code>FileInput.FromPath("report.pdf").MediaType // "application/pdf"</code></example>
    public string? MediaType => DataUri is { } uri ? uri[5..uri.IndexOfAny([';', ','], 5)] : null;

    /// <summary>A file from its bytes (DSPy: <c>dspy.File.from_bytes</c>).</summary>
    /// <param name="data">The file's bytes.</param>
    /// <param name="fileName">Its name, or null.</param>
    /// <param name="mediaType">Its media type; DSPy's default is <c>application/octet-stream</c>.</param>
    /// <example><code>var document = FileInput.FromBytes(File.ReadAllBytes("report.pdf"), "report.pdf", "application/pdf");</code></example>
    public static FileInput FromBytes(ReadOnlySpan<byte> data, string? fileName = null, string mediaType = "application/octet-stream")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaType);
        return new FileInput($"data:{mediaType};base64,{Convert.ToBase64String(data)}", null, Trimmed(fileName));
    }

    /// <summary>A file read from disk (DSPy: <c>dspy.File.from_path</c>): named after the path, its media type guessed from the extension.</summary>
    /// <param name="path">The file.</param>
    /// <param name="fileName">The name to send, or null for the path's file name.</param>
    /// <param name="mediaType">The media type, or null to guess it from the extension (<c>application/octet-stream</c> when unknown).</param>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <example><code>var document = FileInput.FromPath("report.pdf"); // application/pdf, named report.pdf</code></example>
    public static FileInput FromPath(string path, string? fileName = null, string? mediaType = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!System.IO.File.Exists(path)) throw new FileNotFoundException($"File not found: {path}", path);
        return FromBytes(System.IO.File.ReadAllBytes(path), fileName ?? Path.GetFileName(path),
            mediaType ?? MediaTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream"));
    }

    /// <summary>A file already uploaded to the provider (DSPy: <c>dspy.File.from_file_id</c>).</summary>
    /// <param name="fileId">The provider's file id.</param>
    /// <param name="fileName">Its name, or null.</param>
    /// <example><code>var document = FileInput.FromFileId("file-abc123", "report.pdf");</code></example>
    public static FileInput FromFileId(string fileId, string? fileName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileId);
        return new FileInput(null, fileId.Trim(), Trimmed(fileName));
    }

    /// <summary>A file from a <c>data:…;base64,…</c> URI (DSPy accepts the same string).</summary>
    /// <param name="dataUri">The data URI.</param>
    /// <param name="fileName">Its name, or null.</param>
    /// <exception cref="ArgumentException">Not a base64 data URI.</exception>
    /// <example><code>var note = FileInput.FromDataUri("data:text/plain;base64,aGVsbG8=", "note.txt");</code></example>
    public static FileInput FromDataUri(string dataUri, string? fileName = null) => FromParts(dataUri, null, fileName);

    /// <summary>A file from DSPy's <c>file</c> part fields; at least data or an id.</summary>
    internal static FileInput FromParts(string? fileData, string? fileId, string? fileName)
    {
        fileData = Trimmed(fileData);
        var comma = fileData?.IndexOf(',', StringComparison.Ordinal) ?? -1;
        if (fileData is not null && (!fileData.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || comma < 0 ||
                                     !fileData[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase)))
            throw new ArgumentException($"A file's data must be a base64 data URI (data:application/pdf;base64,...); got '{(fileData.Length <= 40 ? fileData : fileData[..40] + "…")}'.", nameof(fileData));
        if (fileData is null && Trimmed(fileId) is null)
            throw new ArgumentException("A file needs its data or the id of an uploaded file: use FileInput.FromBytes, FromPath or FromFileId.", nameof(fileId));
        return new FileInput(fileData, Trimmed(fileId), Trimmed(fileName));
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>A file part as DSPy's <c>inspect_history</c> shows it.</summary>
    internal static string Show(string? fileName, string? fileId, string? dataUri) =>
        $"<file: name:{fileName}, id:{fileId}, data_length:{dataUri?.Length ?? 0}>";

    Dictionary<string, object?> IMediaValue.DspyPart
    {
        get
        {
            var file = new Dictionary<string, object?>();
            if (DataUri is not null) file["file_data"] = DataUri;
            if (FileId is not null) file["file_id"] = FileId;
            if (FileName is not null) file["filename"] = FileName;
            return new() { ["type"] = "file", ["file"] = file };
        }
    }

    AIContent IMediaValue.ToContent()
    {
        if (DataUri is null) return new HostedFileContent(FileId!) { Name = FileName, RawRepresentation = this };
        var data = new DataContent(DataUri) { Name = FileName, RawRepresentation = this };
        if (FileId is not null) (data.AdditionalProperties ??= [])["file_id"] = FileId;
        return data;
    }

    string IMediaValue.Shown => Show(FileName, FileId, DataUri);

    /// <inheritdoc />
    public bool Equals(FileInput? other) => other is not null && DataUri == other.DataUri && FileId == other.FileId && FileName == other.FileName;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FileInput);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(DataUri is null ? 0 : StringComparer.Ordinal.GetHashCode(DataUri), FileId, FileName);

    /// <summary>The file as DSPy's <c>repr</c> shows it: media type and data length, id, name.</summary>
    /// <example><code>FileInput.FromFileId("file-abc123").ToString() // "File(file_id='file-abc123')"</code></example>
    public override string ToString()
    {
        var parts = new List<string>();
        if (DataUri is { } uri) parts.Add($"file_data=<DATA_URI({MediaType}, {uri.Length - uri.IndexOf(',', StringComparison.Ordinal) - 1} chars)>");
        if (FileId is not null) parts.Add($"file_id='{FileId}'");
        if (FileName is not null) parts.Add($"filename='{FileName}'");
        return $"File({string.Join(", ", parts)})";
    }
}
