using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>
/// Image fields (DSPy's <c>dspy.Image</c>): the user message carries text and image parts exactly where DSPy 3.3.1 puts
/// them, through ChatAdapter, JsonAdapter and XmlAdapter (Golden/chat-adapter-special-types.json's image cases and the
/// image cases of make_adapter_golden.py); the cache tells two images apart; histories, reports and prompt snapshots name
/// each image; bad sources and TwoStepAdapter are refused.
/// </summary>
public sealed class ImageFieldTests
{
    private const string Shared = "chat-adapter-special-types.json";
    private const string Extra = "adapter-golden-extra.json";
    private const string Pixel = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string> FormatCases()
    {
        var data = new TheoryData<string, string, string> { { Shared, "c_image_data_uri", "chat" }, { Shared, "e_list_of_images", "chat" } };
        foreach (var c in GoldenFiles.Load(Extra).GetProperty("format").EnumerateArray().Where(c => c.GetProperty("case").GetString()!.StartsWith("image_", StringComparison.Ordinal)))
            data.Add(Extra, c.GetProperty("case").GetString()!, c.GetProperty("adapter").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(FormatCases))]
    public void Images_become_parts_of_the_user_message_where_DSPy_puts_them(string file, string caseName, string adapterName)
    {
        var golden = GoldenFiles.Case(file, caseName, "format", adapterName);
        IAdapter adapter = adapterName switch { "chat" => ChatAdapter.Default, "json" => JsonAdapter.Default, _ => XmlAdapter.Default };
        var signature = AdapterGoldenTypes.SignatureOf(golden);

        var messages = adapter.Format(signature, [.. GoldenFiles.Demos(golden).Select(d => WithImages(signature, d))],
            WithImages(signature, GoldenFiles.ToExample(golden.GetProperty("inputs"))));

        Assert.Contains(signature.InputFields, f => f.Type == FieldType.Image || f.Type.ElementType == FieldType.Image);
        GoldenFiles.AssertSameMessages(golden, messages);
    }

    [Fact]
    public async Task Two_different_images_are_two_cache_entries_and_the_same_image_is_one()
    {
        var lm = ScriptedChatClient.InOrder(
            new Dictionary<string, object?> { ["answer"] = "red" }, new Dictionary<string, object?> { ["answer"] = "blue" });
        using var cached = new ChatClientBuilder(lm).UseDspyCache(new LruDistributedCache(100)).Build();
        var describe = Predict.Create("describe", "image: Image, question -> answer");
        var settings = new LMSettings { Client = cached };
        var blue = Image.FromBytes([1, 2, 3], "image/png");

        var first = await describe.RunAsync(Example.Create("image", Image.FromUrl(Pixel)).With("question", "Colour?"), settings, Ct);
        var second = await describe.RunAsync(Example.Create("image", blue).With("question", "Colour?"), settings, Ct);
        var again = await describe.RunAsync(Example.Create("image", Image.FromUrl(Pixel)).With("question", "Colour?"), settings, Ct);

        Assert.Equal(["red", "blue", "red"], new[] { first, second, again }.Select(p => p.GetText("answer")));
        Assert.Equal(2, lm.CallCount);
        var sent = Assert.IsType<DataContent>(lm.Requests[1].Messages[^1].Contents[1]);
        Assert.Equal("image/png", sent.MediaType);
        Assert.Equal(new byte[] { 1, 2, 3 }, sent.Data.ToArray());
    }

    [Fact]
    public void Bad_image_sources_are_refused_with_what_to_use_instead()
    {
        Assert.StartsWith("'cat.png' is not an http(s) URL or a data URI; for a file use Image.FromFile(path).",
            Assert.Throws<ArgumentException>(() => Image.FromUrl("cat.png")).Message);
        Assert.StartsWith("A data URI image must be base64-encoded",
            Assert.Throws<ArgumentException>(() => Image.FromUrl("data:image/png,rawbytes")).Message);
        Assert.StartsWith("Cannot tell the image type of 'notes.txt'",
            Assert.Throws<ArgumentException>(() => Image.FromFile("notes.txt")).Message);
        Assert.Equal("image/png", Image.FromUrl("https://example.com/images/cat.png").MediaType);
        Assert.Equal("image/png", Image.FromUrl(Pixel).MediaType);
        Assert.Equal("image/*", Image.FromUrl("https://example.com/render?id=3").MediaType);
    }

    [Fact]
    public void TwoStepAdapter_refuses_an_image_field_instead_of_sending_it_as_words()
    {
        var adapter = new TwoStepAdapter(ScriptedChatClient.InOrder(new Dictionary<string, object?> { ["answer"] = "never asked" }));
        var signature = Signature.Parse("image: Image, question -> answer");

        var error = Assert.Throws<NotSupportedException>(() => adapter.Format(signature, [], Example.Create("image", Image.FromUrl(Pixel)).With("question", "Colour?")));

        Assert.Equal("TwoStepAdapter sends its inputs as plain text, so the image field 'image' cannot be sent as an image; use ChatAdapter, JsonAdapter or XmlAdapter for signatures with images.", error.Message);
    }

    [Fact]
    public async Task Histories_and_reports_name_each_image_without_its_bytes()
    {
        var history = new LMHistory();
        var compare = Predict.Create("compare", "images: list[Image], question -> answer");
        var input = Example.Create("images", new[] { Image.FromUrl(Pixel), Image.FromUrl("https://example.com/b.jpg") }).With("question", "Same?").With("answer", "same");
        var settings = new LMSettings { Client = ScriptedChatClient.InOrder(new Dictionary<string, object?> { ["answer"] = "same" }), History = history };

        var result = await Evaluate.RunAsync(compare, [input.WithInputs("images", "question")], Metrics.ExactMatch, new EvaluateOptions { Settings = settings }, Ct);
        var inspected = history.Inspect(includeTimestamps: false);
        var report = JsonReport.ToJson(result);

        const string Shown = "[\"<data:image/png;base64,<IMAGE BASE 64 ENCODED(92)>\", \"<image_url: https://example.com/b.jpg>\"]";
        Assert.Contains("[[ ## images ## ]]\n" + Shown, inspected);
        var reported = JsonReport.FromJson(report).Rows[0].Calls[0].Messages[^1].Text;
        Assert.Contains(Shown, reported);
        Assert.DoesNotContain("iVBORw0KGgo", inspected + reported);
    }

    [Fact]
    public async Task A_DSPy_saved_image_demo_loads_as_its_image_and_is_saved_again_as_DSPy_wrote_it()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Golden", "dspy-saved", "image-demo.json");
        var ask = Predict.Create("ask", "image: Image, question -> answer");
        var lm = ScriptedChatClient.InOrder(new Dictionary<string, object?> { ["answer"] = "A dog." });

        var loaded = await ask.LoadDspyStateAsync(path, new DspyImportOptions { FieldTypes = DspyFieldTypes.AsDeclaredHere }, Ct);
        await loaded.RunAsync(Example.Create("image", Image.FromUrl("https://example.com/dog.png")).With("question", "What animal?"), new LMSettings { Client = lm }, Ct);
        var ours = ProgramState.FromJson(loaded.State.ToJson());
        var exported = DspyProgramState.Export(loaded.State, loaded.Predictors);

        var messages = lm.Requests.Single().Messages;
        Assert.Equal("https://example.com/cat.png", Assert.IsType<UriContent>(messages[1].Contents[1]).Uri.OriginalString);
        Assert.Equal(Pixel, Assert.IsType<DataContent>(messages[3].Contents[1]).Uri);
        Assert.Equal(Prompt(loaded), Prompt(ask.WithState(ours)));
        var dspyDemos = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!["demos"];
        var ourDemos = System.Text.Json.Nodes.JsonNode.Parse(exported)!["ask"]!["demos"];
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(dspyDemos, ourDemos), ourDemos!.ToJsonString());
    }

    [Fact]
    public void An_image_field_given_text_that_is_not_an_image_marker_is_sent_as_that_text()
    {
        var signature = Signature.Parse("image: Image -> caption");

        var messages = ChatAdapter.Default.Format(signature, [], Example.Create("image", "<<CUSTOM-TYPE-START-IDENTIFIER>>not json<<CUSTOM-TYPE-END-IDENTIFIER>>"));

        Assert.All(messages, m => Assert.All(m.Contents, c => Assert.IsType<TextContent>(c)));
    }

    /// <summary>The user and assistant turns the program's predictor sends for a fixed input, each part as text.</summary>
    private static string[] Prompt(Program<Example, Prediction> program) =>
        [.. ChatAdapter.Default.Format(program.Predictors[0].Signature, program.State.Find("ask")!.Demos, Example.Create("image", Image.FromUrl(Pixel)))
            .SelectMany(m => m.Contents.Select(c => $"{m.Role}: " + c switch { TextContent t => t.Text, UriContent u => u.Uri.OriginalString, DataContent d => d.Uri, _ => "?" }))];

    /// <summary>
    /// The example with each Image field's JSON (DSPy's <c>{"$type": "dspy.Image", "value": {"url": …}}</c> or the script's
    /// plain <c>{"url": …}</c>, alone or in a list) made an <see cref="Image"/>.
    /// </summary>
    private static Example WithImages(Signature signature, Example example)
    {
        var result = example;
        foreach (var field in signature.InputFields.Where(f => example.ContainsKey(f.Name)))
        {
            if (example[field.Name] is not JsonElement json) continue;
            if (field.Type == FieldType.Image) result = result.With(field.Name, ImageOf(json));
            else if (field.Type.ElementType == FieldType.Image) result = result.With(field.Name, json.EnumerateArray().Select(ImageOf).ToArray());
        }
        return result;
    }

    private static Image ImageOf(JsonElement json) =>
        Image.FromUrl((json.TryGetProperty("value", out var value) ? value : json).GetProperty("url").GetString()!);
}
