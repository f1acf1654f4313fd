using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>
/// TwoStepAdapter against DSPy 3.3.1's own: the main prompt (shared Golden/two-step-adapter-format.json and the demo and
/// typed-value cases of make_adapter_golden.py) and the extraction prompt, byte for byte; then both calls end to end.
/// </summary>
public sealed class TwoStepAdapterTests
{
    private const string Shared = "two-step-adapter-format.json";
    private const string Extra = "adapter-golden-extra.json";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Formatting never calls the extraction model.
    private static readonly TwoStepAdapter Adapter = new(ScriptedChatClient.RawInOrder("never asked"));

    public static TheoryData<string, string> FormatCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in GoldenFiles.Load(Shared).EnumerateArray()) data.Add(Shared, c.GetProperty("case").GetString()!);
        foreach (var c in GoldenFiles.Load(Extra).GetProperty("format").EnumerateArray().Where(c => c.GetProperty("adapter").GetString() == "twostep"))
            data.Add(Extra, c.GetProperty("case").GetString()!);
        return data;
    }

    public static TheoryData<string> ExtractorCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in GoldenFiles.Load(Shared).EnumerateArray()) data.Add(c.GetProperty("case").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(FormatCases))]
    public void The_main_prompt_matches_DSPy_byte_for_byte(string file, string caseName)
    {
        var golden = GoldenFiles.Case(file, caseName, "format", "twostep");

        var messages = Adapter.Format(AdapterGoldenTypes.SignatureOf(golden), GoldenFiles.Demos(golden), GoldenFiles.ToExample(golden.GetProperty("inputs")));

        GoldenFiles.AssertSameMessages(golden, messages);
    }

    [Theory]
    [MemberData(nameof(ExtractorCases))]
    public void The_extraction_prompt_matches_DSPy_byte_for_byte(string caseName)
    {
        var golden = GoldenFiles.Case(Shared, caseName, "format", "twostep");
        var extractor = golden.GetProperty("extractor");

        var signature = Adapter.ExtractorSignature(AdapterGoldenTypes.SignatureOf(golden));
        var messages = ChatAdapter.Default.Format(signature, [], Example.Create("text", extractor.GetProperty("sample_completion").GetString()));

        Assert.Equal(extractor.GetProperty("effective_instructions").GetString(), signature.Instructions);
        GoldenFiles.AssertSameMessages(extractor, messages);
    }

    [Fact]
    public async Task A_predictor_asks_the_main_LM_in_plain_words_then_the_extraction_model_for_the_fields()
    {
        var golden = GoldenFiles.Case(Shared, "c_typed_inputs_python_str", "format", "twostep");
        var sample = golden.GetProperty("extractor").GetProperty("sample_completion").GetString()!;
        var main = ScriptedChatClient.RawInOrder(sample);
        var extraction = ScriptedChatClient.RawInOrder("[[ ## total ## ]]\n6\n\n[[ ## ok ## ]]\nTrue\n\n[[ ## completed ## ]]");
        var predictor = Predict.Create("sum", AdapterGoldenTypes.SignatureOf(golden));
        var history = new LMHistory();
        var settings = new LMSettings { Client = main, Adapter = new TwoStepAdapter(extraction), Temperature = 0.7f, Model = "big-model", History = history };

        var prediction = await predictor.RunAsync(GoldenFiles.ToExample(golden.GetProperty("inputs")), settings, Ct);

        Assert.Equal(6L, prediction["total"]);
        Assert.Equal(true, prediction["ok"]);
        GoldenFiles.AssertSameMessages(golden, main.Requests.Single().Messages.ToList());
        GoldenFiles.AssertSameMessages(golden.GetProperty("extractor"), extraction.Requests.Single().Messages.ToList());
        Assert.Equal((0.7f, "big-model"), (main.Requests[0].Options!.Temperature, main.Requests[0].Options!.ModelId));
        // DSPy passes the extraction call no lm_kwargs: it runs on the extraction model's own settings.
        Assert.Equal(((float?)null, (string?)null), (extraction.Requests[0].Options!.Temperature, extraction.Requests[0].Options!.ModelId));
        Assert.Equal([("sum", "TwoStepAdapter", sample), ("sum", "ChatAdapter", "[[ ## total ## ]]\n6\n\n[[ ## ok ## ]]\nTrue\n\n[[ ## completed ## ]]")],
            history.Calls.Select(c => (c.Predictor, c.Adapter, c.Reply)));
    }

    [Fact]
    public async Task An_answer_the_extraction_model_cannot_read_fails_quoting_the_main_answer_with_every_extraction_attempt_inside()
    {
        var main = ScriptedChatClient.RawInOrder("I think it is roughly six.");
        var extraction = ScriptedChatClient.RawInOrder("total is six", "{\"total\": \"six\"}");
        var predictor = Predict.Create("sum", "numbers: list[int] -> total: int");

        var error = await Assert.ThrowsAsync<AdapterParseException>(() => predictor.RunAsync(Example.Create("numbers", new[] { 1, 2, 3 }),
            new LMSettings { Client = main, Adapter = new TwoStepAdapter(extraction) }, Ct));

        Assert.Equal(("TwoStepAdapter", "I think it is roughly six."), (error.Adapter, error.Reply));
        var inner = Assert.IsType<AdapterParseException>(error.InnerException);
        Assert.Equal(["ChatAdapter", "JsonAdapter"], inner.Attempts.Select(a => a.Adapter));
        Assert.Equal(["total is six", "{\"total\": \"six\"}"], inner.Attempts.Select(a => a.Reply));
        Assert.Contains("its extraction model could not read the fields out of the main LM's answer (2 attempts, last by JsonAdapter", error.Message);
        Assert.Equal(2, extraction.CallCount);
    }

    [Fact]
    public void Parsing_without_the_extraction_model_is_refused_with_what_to_do_instead()
    {
        var error = Assert.Throws<NotSupportedException>(() => Adapter.Parse(Signature.Parse("question -> answer"), "answer: Paris"));

        Assert.Contains("Run the predictor", error.Message);
        Assert.Equal("answer: Paris\n\nconfidence: 0.5",
            Adapter.FormatReply(Signature.Parse("question -> answer, confidence: float"), new Dictionary<string, object?> { ["answer"] = "Paris", ["confidence"] = 0.5 }));
        Assert.Throws<ArgumentNullException>(() => new TwoStepAdapter(null!));
    }

    [Fact]
    public void CLR_values_are_written_as_Python_str_would_write_them()
    {
        var signature = Signature.Parse("flag: bool, weights: dict[str, float], ids: list[int], ratio: float, note: str, missing: Optional[str] -> answer");
        var inputs = new Dictionary<string, object?>
        {
            ["flag"] = false, ["weights"] = new Dictionary<string, double> { ["a"] = 1.0, ["it's"] = 0.1 }, ["ids"] = new List<long> { 3, 1 },
            ["ratio"] = 0.1f, ["note"] = "plain 'text'", ["missing"] = null,
        };

        var user = Adapter.Format(signature, [], inputs)[^1].Text;

        Assert.Equal("flag: False\n\nweights: {'a': 1.0, \"it's\": 0.1}\n\nids: [3, 1]\n\nratio: 0.1\n\nnote: plain 'text'\n\nmissing: None", user);
    }
}
