using System.Text;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>
/// <c>Document</c> inputs and <c>Citations</c> outputs beyond DSPy's vectors: signature spellings, the document parts
/// a request carries, and native citations (Anthropic's client: the field leaves the prompt; any reply's
/// <see cref="CitationAnnotation"/>s fill it, as DSPy's <c>parse_lm_response</c>).
/// </summary>
public sealed class CitationsFieldTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Replies with one text part carrying the given annotations; reports the given provider; keeps the requests.</summary>
    private sealed class CitingClient(string? provider, string text, params CitationAnnotation[] annotations) : IChatClient
    {
        public List<List<ChatMessage>> Requests { get; } = [];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Requests.Add(messages.ToList());
            var content = new TextContent(text) { Annotations = annotations.Length == 0 ? null : [.. annotations] };
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [content])));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(ChatClientMetadata) && provider is not null ? new ChatClientMetadata(provider) : null;

        public void Dispose() { }
    }

    private const string Spelled = "documents: list[Document], question -> answer, citations: Citations";
    private static readonly Signature Qa = Signature.Parse(Spelled);

    private static readonly Example Question = new([
        new("documents", new List<Document> { new("The sky is blue because air scatters light.", Title: "Optics"), new("Grass is green.") }),
        new("question", "Why is the sky blue?"),
    ]);

    private static CitationAnnotation Annotation(string snippet, int document, int start, int end, int replyStart, int replyEnd) => new()
    {
        Snippet = snippet, Title = "Optics",
        AnnotatedRegions = [new TextSpanAnnotatedRegion { StartIndex = replyStart, EndIndex = replyEnd }],
        AdditionalProperties = new() { ["document_index"] = document, ["start_char_index"] = start, ["end_char_index"] = end },
    };

    [Fact]
    public void The_types_are_spelled_as_DSPy_spells_them_and_round_trip_through_the_signature_text()
    {
        Assert.Equal(Spelled, Qa.ToString());
        Assert.Equal(Qa, Signature.Parse(Qa.ToString()));
        Assert.Equal(FieldType.ListOf(FieldType.Document), Qa.InputFields[0].Type);
        Assert.Equal(FieldType.Citations, Qa.OutputFields[1].Type);
        Assert.Equal(FieldType.Document, FieldType.FromClrType(typeof(Document)));
        Assert.Equal(FieldType.Citations, FieldType.FromClrType(typeof(Citations)));
    }

    [Fact]
    public async Task Documents_go_out_as_data_parts_named_by_title_with_citations_enabled_and_context_kept()
    {
        var lm = new CitingClient(null, "[[ ## summary ## ]]\nOk.\n\n[[ ## completed ## ]]");
        var doc = new Document("Plain words.", Title: "Notes", Context: "from a notebook");

        await Predict.Create("s", "document: Document -> summary").RunAsync(Example.Create("document", doc), new LMSettings { Client = lm }, Ct);

        var part = Assert.Single(lm.Requests[0].Last().Contents.OfType<DataContent>());
        Assert.Equal("text/plain", part.MediaType);
        Assert.Equal("Plain words.", Encoding.UTF8.GetString(part.Data.Span));
        Assert.Equal("Notes", part.Name);
        Assert.Equal(true, part.AdditionalProperties!["citations"]);
        Assert.Equal("from a notebook", part.AdditionalProperties["context"]);
        Assert.Equal("Document('Notes': 12 chars)", doc.ToString());
    }

    [Fact]
    public void A_pdf_is_sent_as_its_decoded_bytes_and_bad_base64_or_an_unknown_media_type_is_refused()
    {
        var pdf = ChatAdapter.Default.Format(Signature.Parse("document: Document -> summary"), [],
            new Dictionary<string, object?> { ["document"] = new Document(Convert.ToBase64String("%PDF-1.4"u8), MediaType: "application/pdf") });
        Assert.Equal("%PDF-1.4"u8.ToArray(), pdf[^1].Contents.OfType<DataContent>().Single().Data.ToArray());

        var bad = Assert.Throws<FormatException>(() => ChatAdapter.Default.Format(Signature.Parse("document: Document -> summary"), [],
            new Dictionary<string, object?> { ["document"] = new Document("not base64!", MediaType: "application/pdf") }));
        Assert.Contains("base64", bad.Message, StringComparison.Ordinal);
        var media = Assert.Throws<ArgumentException>(() => new Document("x", MediaType: "text/html"));
        Assert.Contains("text/html", media.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_Anthropic_s_client_the_citations_field_leaves_the_prompt_and_comes_from_the_annotations()
    {
        const string answer = "Air scatters light.";
        var lm = new CitingClient("anthropic", $"[[ ## answer ## ]]\n{answer}\n\n[[ ## completed ## ]]",
            Annotation("air scatters light", 0, 25, 43, 19, 38));

        var prediction = await Predict.Create("qa", Qa).RunAsync(Question, new LMSettings { Client = lm }, Ct);

        var prompt = string.Join("\n", lm.Requests[0].Select(m => m.Text));
        // As DSPy's signature.delete: the field goes, the instructions written when the signature was made stay.
        Assert.DoesNotContain("[[ ## citations ## ]]", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("`citations` (Citations)", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("JSON schema", prompt, StringComparison.Ordinal);
        Assert.Equal(["answer", "citations"], prediction.Select(kv => kv.Key));
        Assert.Equal(answer, prediction["answer"]);
        var citation = Assert.Single(Assert.IsType<Citations>(prediction["citations"]));
        Assert.Equal(new Citation("air scatters light", 0, 25, 43, "Optics", answer), citation);
    }

    [Fact]
    public async Task With_Anthropic_s_client_and_no_annotations_the_field_is_null_as_in_DSPy()
    {
        var lm = new CitingClient("Anthropic", "[[ ## answer ## ]]\nBlue.\n\n[[ ## completed ## ]]");

        var prediction = await Predict.Create("qa", Qa).RunAsync(Question, new LMSettings { Client = lm }, Ct);

        Assert.Null(prediction["citations"]);
        Assert.Equal("Blue.", prediction["answer"]);
    }

    [Fact]
    public async Task Another_client_is_asked_for_citations_in_the_text_and_its_annotations_win_over_them_when_present()
    {
        const string reply = "[[ ## answer ## ]]\nBlue.\n\n[[ ## citations ## ]]\n[{\"cited_text\": \"sky\", \"document_index\": 0, \"start_char_index\": 4, \"end_char_index\": 7}]\n\n[[ ## completed ## ]]";
        var plain = new CitingClient("openai", reply);
        var annotated = new CitingClient(null, reply, new CitationAnnotation { Snippet = "Grass is green." });

        var fromText = await Predict.Create("qa", Qa).RunAsync(Question, new LMSettings { Client = plain }, Ct);
        var fromAnnotations = await Predict.Create("qa", Qa).RunAsync(Question, new LMSettings { Client = annotated }, Ct);

        Assert.Contains("[[ ## citations ## ]]", string.Join("\n", plain.Requests[0].Select(m => m.Text)), StringComparison.Ordinal);
        Assert.Equal(new Citations([new Citation("sky", 0, 4, 7)]), fromText["citations"]);
        // No index or location in the annotation's properties: -1, as Citation documents, never a made-up 0.
        Assert.Equal(new Citations([new Citation("Grass is green.", -1, -1, -1)]), fromAnnotations["citations"]);
    }

    [Fact]
    public void A_citation_missing_its_location_is_a_parse_error_that_names_the_missing_keys()
    {
        var e = Assert.Throws<AdapterParseException>(() => ChatAdapter.Default.Parse(Qa,
            "[[ ## answer ## ]]\nBlue.\n\n[[ ## citations ## ]]\n[{\"cited_text\": \"sky\"}]\n\n[[ ## completed ## ]]"));
        Assert.Contains("\"document_index\", \"start_char_index\", \"end_char_index\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_adapter_asks_for_citations_by_schema_and_reads_the_structured_reply()
    {
        var schema = JsonAdapter.OutputSchema(Qa).GetProperty("properties").GetProperty("citations");
        var item = schema.GetProperty("properties").GetProperty("citations").GetProperty("items");
        Assert.Equal("integer", item.GetProperty("properties").GetProperty("document_index").GetProperty("type").GetString());
        Assert.Contains(item.GetProperty("required").EnumerateArray(), r => r.GetString() == "cited_text");

        var lm = new CitingClient(null, "{\"answer\": \"Blue.\", \"citations\": {\"citations\": [{\"cited_text\": \"sky\", \"document_index\": 0, " +
                                        "\"document_title\": null, \"start_char_index\": 4, \"end_char_index\": 7, \"supported_text\": null, \"type\": \"char_location\"}]}}");
        var prediction = await Predict.Create("qa", Qa).RunAsync(Question, new LMSettings { Client = lm, Adapter = JsonAdapter.Default }, Ct);

        Assert.Equal(new Citations([new Citation("sky", 0, 4, 7)]), prediction["citations"]);
    }

    [Fact]
    public void The_two_step_adapter_refuses_documents_rather_than_send_only_their_str()
    {
        var adapter = new TwoStepAdapter(new CitingClient(null, ""));
        var e = Assert.Throws<NotSupportedException>(() => adapter.Format(Signature.Parse("document: Document -> summary"), [],
            new Dictionary<string, object?> { ["document"] = new Document("abc", Title: "T") }));
        Assert.Contains("'document'", e.Message, StringComparison.Ordinal);
    }
}
