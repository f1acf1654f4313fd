using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>
/// Audio and file fields beyond the golden prompts: the parts sent carry the bytes, media type and name; the cache tells
/// two clips or files apart; histories and reports name each without its bytes, as DSPy's <c>inspect_history</c> does;
/// a program DSPy saved with audio and file demos loads and exports back equal; bad sources and TwoStepAdapter are refused.
/// </summary>
public sealed class MediaFieldTests
{
    private static readonly byte[] Wav = "RIFF$\0\0\0WAVEfmt "u8.ToArray();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Audio_is_sent_as_its_bytes_with_an_audio_media_type_and_a_file_with_its_name_or_id()
    {
        var signature = Signature.Parse("clip: Audio, documents: list[File] -> answer");
        var input = Example.Create("clip", Audio.FromBytes(Wav, "x-wav"))
            .With("documents", new[] { FileInput.FromBytes("%PDF"u8, "report.pdf", "application/pdf"), FileInput.FromFileId("file-abc123", "notes.txt") });

        var parts = ChatAdapter.Default.Format(signature, [], input)[^1].Contents;

        var clip = Assert.IsType<DataContent>(parts[1]);
        Assert.Equal("audio/wav", clip.MediaType);
        Assert.Equal(Wav, clip.Data.ToArray());
        var pdf = Assert.IsType<DataContent>(parts[3]);
        Assert.Equal(("application/pdf", "report.pdf", "%PDF"), (pdf.MediaType, pdf.Name, System.Text.Encoding.ASCII.GetString(pdf.Data.Span)));
        var hosted = Assert.IsType<HostedFileContent>(parts[5]);
        Assert.Equal(("file-abc123", "notes.txt"), (hosted.FileId, hosted.Name));
    }

    [Fact]
    public async Task Different_clips_names_and_file_ids_are_different_cache_entries_and_the_same_value_is_one()
    {
        var lm = ScriptedChatClient.InOrder(
            new Dictionary<string, object?> { ["answer"] = "a" }, new Dictionary<string, object?> { ["answer"] = "b" },
            new Dictionary<string, object?> { ["answer"] = "c" }, new Dictionary<string, object?> { ["answer"] = "d" },
            new Dictionary<string, object?> { ["answer"] = "e" });
        using var cached = new ChatClientBuilder(lm).UseDspyCache(new LruDistributedCache(100)).Build();
        var ask = Predict.Create("ask", "clip: Audio, document: File -> answer");
        var settings = new LMSettings { Client = cached };
        async Task<string> Ask(Audio clip, FileInput document) =>
            (await ask.RunAsync(Example.Create("clip", clip).With("document", document), settings, Ct)).GetText("answer")!;

        var answers = new[]
        {
            await Ask(Audio.FromBytes(Wav, "wav"), FileInput.FromBytes([1, 2], "a.bin")),
            await Ask(Audio.FromBytes([.. Wav, 0], "wav"), FileInput.FromBytes([1, 2], "a.bin")),
            await Ask(Audio.FromBytes(Wav, "wav"), FileInput.FromBytes([1, 2], "b.bin")),
            await Ask(Audio.FromBytes(Wav, "wav"), FileInput.FromFileId("file-1")),
            await Ask(Audio.FromBytes(Wav, "wav"), FileInput.FromFileId("file-2")),
            await Ask(Audio.FromBytes(Wav, "wav"), FileInput.FromBytes([1, 2], "a.bin")),
        };

        Assert.Equal(["a", "b", "c", "d", "e", "a"], answers);
        Assert.Equal(5, lm.CallCount);
    }

    [Fact]
    public async Task Histories_and_reports_name_each_clip_and_file_as_DSPys_inspect_history_does_without_the_bytes()
    {
        var history = new LMHistory();
        var ask = Predict.Create("ask", "clip: Audio, documents: list[File] -> answer");
        var pdf = FileInput.FromBytes("%PDF-1.4 tiny"u8, "report.pdf", "application/pdf");
        var input = Example.Create("clip", Audio.FromBytes(Wav, "wav")).With("documents", new[] { pdf, FileInput.FromFileId("file-abc123") })
            .With("answer", "yes");
        var settings = new LMSettings { Client = ScriptedChatClient.InOrder(new Dictionary<string, object?> { ["answer"] = "yes" }), History = history };

        var result = await Evaluate.RunAsync(ask, [input.WithInputs("clip", "documents")], Metrics.ExactMatch, new EvaluateOptions { Settings = settings }, Ct);
        var inspected = history.Inspect(includeTimestamps: false);
        var reported = JsonReport.FromJson(JsonReport.ToJson(result)).Rows[0].Calls[0].Messages[^1].Text;

        const string Clip = "[[ ## clip ## ]]\n<audio format='wav' base64-encoded, length=24>";
        var documents = $"[[ ## documents ## ]]\n[\"<file: name:report.pdf, id:, data_length:{pdf.DataUri!.Length}>\", \"<file: name:, id:file-abc123, data_length:0>\"]";
        Assert.Contains(Clip, inspected);
        Assert.Contains(documents, inspected);
        Assert.Contains(Clip, reported);
        Assert.Contains(documents, reported);
        Assert.DoesNotContain("UklGR", inspected + reported);
        Assert.DoesNotContain("JVBER", inspected + reported);
    }

    [Fact]
    public async Task A_DSPy_saved_program_with_audio_and_file_demos_loads_sends_them_and_exports_as_DSPy_wrote_it()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Golden", "dspy-saved", "media-demo.json");
        var ask = Predict.Create("ask", "clip: Audio, document: File, question -> answer");
        var lm = ScriptedChatClient.InOrder(new Dictionary<string, object?> { ["answer"] = "maybe" });

        var loaded = await ask.LoadDspyStateAsync(path, new DspyImportOptions { FieldTypes = DspyFieldTypes.AsDeclaredHere }, Ct);
        await loaded.RunAsync(Example.Create("clip", Audio.FromBytes(Wav, "wav")).With("document", FileInput.FromFileId("file-9")).With("question", "Match?"),
            new LMSettings { Client = lm }, Ct);
        var exported = DspyProgramState.Export(loaded.State, loaded.Predictors);
        var roundTripped = ProgramState.FromJson(loaded.State.ToJson());

        var messages = lm.Requests.Single().Messages;
        Assert.Equal("audio/wav", Assert.IsType<DataContent>(messages[1].Contents[1]).MediaType);
        Assert.Equal("report.pdf", Assert.IsType<DataContent>(messages[1].Contents[3]).Name);
        Assert.Equal("audio/mpeg", Assert.IsType<DataContent>(messages[3].Contents[1]).MediaType);
        Assert.Equal("file-abc123", Assert.IsType<HostedFileContent>(messages[3].Contents[3]).FileId);
        Assert.Equal(loaded.State.ToJson(), roundTripped.ToJson());
        var dspyDemos = System.Text.Json.Nodes.JsonNode.Parse(System.IO.File.ReadAllText(path))!["demos"];
        var ourDemos = System.Text.Json.Nodes.JsonNode.Parse(exported)!["ask"]!["demos"];
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(dspyDemos, ourDemos), ourDemos!.ToJsonString());
    }

    [Fact]
    public void Files_on_disk_are_read_with_DSPys_name_and_type_guesses()
    {
        var dir = Directory.CreateTempSubdirectory("dspy-media-");
        try
        {
            var wav = Path.Combine(dir.FullName, "hello.wav");
            var pdf = Path.Combine(dir.FullName, "report.pdf");
            var odd = Path.Combine(dir.FullName, "data.xyz");
            System.IO.File.WriteAllBytes(wav, Wav);
            System.IO.File.WriteAllBytes(pdf, "%PDF"u8.ToArray());
            System.IO.File.WriteAllBytes(odd, [7]);

            Assert.Equal(Audio.FromBytes(Wav, "wav"), Audio.FromFile(wav));
            Assert.Equal(FileInput.FromBytes("%PDF"u8, "report.pdf", "application/pdf"), FileInput.FromPath(pdf));
            Assert.Equal("application/octet-stream", FileInput.FromPath(odd).MediaType);
            Assert.Equal("given.bin", FileInput.FromPath(odd, "given.bin", "text/plain").FileName);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Bad_sources_are_refused_with_what_to_use_instead()
    {
        Assert.StartsWith("Cannot tell the audio format of 'notes.txt' from its extension; use Audio.FromBytes(bytes, format).",
            Assert.Throws<ArgumentException>(() => Audio.FromFile("notes.txt")).Message);
        Assert.StartsWith("An audio data URI must look like data:audio/wav;base64,...",
            Assert.Throws<ArgumentException>(() => Audio.FromDataUri("data:image/png;base64,AAAA")).Message);
        Assert.StartsWith("The audio clip has no bytes.", Assert.Throws<ArgumentException>(() => Audio.FromBytes([], "wav")).Message);
        Assert.StartsWith("A file's data must be a base64 data URI",
            Assert.Throws<ArgumentException>(() => FileInput.FromDataUri("report.pdf")).Message);
        Assert.Equal("File not found: missing.pdf", Assert.Throws<FileNotFoundException>(() => FileInput.FromPath("missing.pdf")).Message);
        Assert.Equal("Audio(data=<AUDIO_BASE_64_ENCODED(24)>, audio_format='wav')", Audio.FromBytes(Wav, "audio/x-wav").ToString());
        Assert.Equal("File(file_data=<DATA_URI(application/pdf, 8 chars)>, filename='r.pdf')", FileInput.FromBytes("%PDF"u8, "r.pdf", "application/pdf").ToString());
    }

    [Theory]
    [InlineData("clip: Audio, question -> answer", "TwoStepAdapter sends its inputs as plain text, so the audio field 'clip' cannot be sent as audio; use ChatAdapter, JsonAdapter or XmlAdapter for signatures with audio.")]
    [InlineData("documents: list[File], question -> answer", "TwoStepAdapter sends its inputs as plain text, so the file field 'documents' cannot be sent as a file; use ChatAdapter, JsonAdapter or XmlAdapter for signatures with files.")]
    public void TwoStepAdapter_refuses_audio_and_file_fields_instead_of_sending_them_as_words(string signature, string message)
    {
        var adapter = new TwoStepAdapter(ScriptedChatClient.InOrder(new Dictionary<string, object?> { ["answer"] = "never asked" }));

        var error = Assert.Throws<NotSupportedException>(() => adapter.Format(Signature.Parse(signature), [], Example.Create("question", "?")));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Typed_signatures_map_Audio_and_FileInput_properties_to_DSPys_types()
    {
        var signature = Signature.From<Listen, Heard>();

        Assert.Equal(FieldType.Audio, signature.InputFields[0].Type);
        Assert.Equal(FieldType.File, signature.InputFields[1].Type.ElementType);
        Assert.Equal("list[File]", signature.InputFields[1].Type.PythonName);
        var spelled = Signature.Parse("clip: dspy.Audio, documents: Optional[list[dspy.File]] -> answer");
        Assert.Equal([FieldType.Audio, FieldType.OptionalOf(FieldType.ListOf(FieldType.File))], spelled.InputFields.Select(f => f.Type));
    }

    public sealed record Listen(Audio Clip, IReadOnlyList<FileInput> Documents);

    public sealed record Heard(string Answer);
}
