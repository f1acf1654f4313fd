using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

/// <summary>
/// The <c>gguf:PATH</c> connector (LLamaSharp on the CPU) with a tiny random-weight model the test writes itself.
/// Its text is noise, so the tests assert token counts, determinism and errors — never the words.
/// </summary>
public sealed class GgufConnectorTests : IClassFixture<GgufConnectorTests.TinyModel>
{
    private readonly TinyModel _model;

    public GgufConnectorTests(TinyModel model) => _model = model;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly ChatMessage[] Prompt =
    [
        new(ChatRole.System, "Answer questions with short factoid answers."),
        new(ChatRole.User, "[[ ## question ## ]]\nWhat is the capital of France?"),
    ];

    [Fact]
    public async Task The_model_loads_and_generates_at_most_the_requested_tokens()
    {
        var response = await _model.Client.GetResponseAsync(Prompt, new ChatOptions { Temperature = 0, MaxOutputTokens = 8 }, Ct);

        Assert.InRange(response.Usage!.OutputTokenCount!.Value, 1, 8);
        Assert.True(response.Usage.InputTokenCount > 10);
        Assert.Equal(response.Usage.OutputTokenCount == 8 ? ChatFinishReason.Length : ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task Temperature_zero_gives_the_same_reply_every_time()
    {
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 12 };

        var first = await _model.Client.GetResponseAsync(Prompt, options, Ct);
        var second = await _model.Client.GetResponseAsync(Prompt, options, Ct);

        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.Usage!.OutputTokenCount, second.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task Sampling_with_a_fixed_seed_is_reproducible()
    {
        var options = new ChatOptions { Temperature = 1.2f, MaxOutputTokens = 12, Seed = 1234 };

        var first = await _model.Client.GetResponseAsync(Prompt, options, Ct);
        var second = await _model.Client.GetResponseAsync(Prompt, options, Ct);

        Assert.Equal(first.Text, second.Text);
    }

    [Fact]
    public async Task Max_output_tokens_cuts_the_same_reply_short_with_finish_reason_length()
    {
        var longer = await _model.Client.GetResponseAsync(Prompt, new ChatOptions { Temperature = 0, MaxOutputTokens = 12 }, Ct);

        var shorter = await _model.Client.GetResponseAsync(Prompt, new ChatOptions { Temperature = 0, MaxOutputTokens = 3 }, Ct);

        Assert.True(longer.Usage!.OutputTokenCount > 3, "the greedy reply of the tiny model should run past 3 tokens");
        Assert.Equal(3, shorter.Usage!.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Length, shorter.FinishReason);
        Assert.StartsWith(shorter.Text, longer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Temperature_is_honoured_seeds_vary_a_sampled_reply_but_not_a_greedy_one()
    {
        async Task<int> DistinctRepliesAsync(float temperature)
        {
            var replies = new HashSet<string>();
            for (var seed = 1; seed <= 4; seed++)
                replies.Add((await _model.Client.GetResponseAsync(Prompt, new ChatOptions { Temperature = temperature, Seed = seed, MaxOutputTokens = 8 }, Ct)).Text);
            return replies.Count;
        }

        Assert.Equal(1, await DistinctRepliesAsync(0));
        Assert.True(await DistinctRepliesAsync(1.5f) > 1);
    }

    [Fact]
    public async Task Streaming_gives_the_same_text_and_counts_as_a_single_reply()
    {
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 10 };
        var whole = await _model.Client.GetResponseAsync(Prompt, options, Ct);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in _model.Client.GetStreamingResponseAsync(Prompt, options, Ct)) updates.Add(update);
        var streamed = updates.ToChatResponse();

        Assert.Equal(whole.Text, streamed.Text);
        Assert.Equal(whole.Usage!.OutputTokenCount, streamed.Usage!.OutputTokenCount);
        Assert.Equal(whole.FinishReason, streamed.FinishReason);
    }

    [Fact]
    public async Task A_prompt_longer_than_the_context_is_refused_with_the_sizes()
    {
        var huge = new ChatMessage(ChatRole.User, string.Concat(Enumerable.Repeat("the quick brown fox ", 400)));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _model.Client.GetResponseAsync([huge], new ChatOptions { MaxOutputTokens = 4 }, Ct));

        Assert.Matches(@"^The prompt is \d+ tokens but the context of 'tiny' holds 256\. Shorten the prompt \(fewer demos or passages\) or raise GgufOptions\.ContextSize\.$", error.Message);
    }

    [Fact]
    public async Task Gguf_options_set_the_context_the_default_reply_cap_and_the_default_seed()
    {
        // Without the prefix cache: the second call would evaluate only the last prompt token, and that changes the
        // logits' rounding enough to reorder the near-equal candidates a sampler draws from at temperature 1.5.
        var options = LMConnectOptions.Default.WithSettings(new GgufOptions { ContextSize = 512, MaxTokens = 5, Seed = 42, PrefixCacheTokens = 0 });
        using var client = LMSpec.Connect($"gguf:{_model.Path}", options);
        var sampled = new ChatOptions { Temperature = 1.5f };

        var first = await client.GetResponseAsync(Prompt, sampled, Ct);
        var second = await client.GetResponseAsync(Prompt, sampled, Ct);
        var tooLong = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            client.GetResponseAsync([new ChatMessage(ChatRole.User, string.Concat(Enumerable.Repeat("the quick brown fox ", 60)))], sampled, Ct));

        Assert.InRange(first.Usage!.OutputTokenCount!.Value, 1, 5);
        Assert.Equal(first.Text, second.Text);
        Assert.Contains("holds 512", tooLong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_requests_all_complete_with_the_same_greedy_reply()
    {
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 6 };

        var replies = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _model.Client.GetResponseAsync(Prompt, options, Ct)));

        Assert.Single(replies.Select(r => r.Text).Distinct());
    }

    [Fact]
    public void The_client_describes_itself_as_LLamaSharp_with_the_file()
    {
        var metadata = _model.Client.GetService<ChatClientMetadata>();

        Assert.Equal("llamasharp", metadata?.ProviderName);
        Assert.Equal("tiny", metadata?.DefaultModelId);
        Assert.Equal(new Uri(_model.Path), metadata?.ProviderUri);
    }

    [Fact]
    public void A_missing_file_names_the_path_it_looked_for()
    {
        var path = Path.Combine(_model.Directory.Path, "nowhere.gguf");

        var error = Assert.Throws<LMConnectionException>(() => LMSpec.Connect($"gguf:{path}"));

        Assert.Equal($"Cannot connect to the LM 'gguf:{path}': the GGUF file '{path}' does not exist. " +
                     $"Check the path (relative paths are resolved against '{Environment.CurrentDirectory}').", error.Message);
    }

    public static TheoryData<string, string> CorruptFiles() => new()
    {
        { "bad-magic", "invalid magic characters: 'XGUF', expected 'GGUF'" },
        { "version-99", "this GGUF file is version 99 but this software only supports up to version 3" },
        { "cut-in-half", "data is not within the file bounds, model is corrupted or incomplete" },
        { "empty", "failed to read magic" },
    };

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public void A_corrupt_file_gives_one_error_naming_the_file_and_llama_cpps_reason(string corruption, string reason)
    {
        var bytes = TinyGguf.Bytes();
        bytes = corruption switch
        {
            "bad-magic" => [(byte)'X', .. bytes[1..]],
            "version-99" => [.. bytes[..TinyGguf.VersionOffset], .. BitConverter.GetBytes(99u), .. bytes[(TinyGguf.VersionOffset + 4)..]],
            "cut-in-half" => bytes[..(bytes.Length / 2)],
            _ => [],
        };
        var path = _model.Directory.File($"{corruption}.gguf");
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<LMConnectionException>(() => LMSpec.Connect($"gguf:{path}"));

        Assert.StartsWith($"Cannot connect to the LM 'gguf:{path}': the GGUF file '{path}' could not be loaded: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Check that it is a complete GGUF model file (re-download it if it was cut short) that this LLamaSharp version (0.30) supports.", error.Message, StringComparison.Ordinal);
        Assert.IsType<LLama.Exceptions.LoadWeightsFailedException>(error.InnerException);
    }

    [Fact]
    public void A_directory_is_not_a_model_file()
    {
        var error = Assert.Throws<LMConnectionException>(() => LMSpec.Connect($"gguf:{_model.Directory.Path}"));

        Assert.Contains("is a directory; give the path of a .gguf file inside it.", error.Message, StringComparison.Ordinal);
    }

    /// <summary>One tiny model file and one loaded client for the whole class (loading takes ~100 ms).</summary>
    public sealed class TinyModel : IDisposable
    {
        public TinyModel()
        {
            Path = TinyGguf.Write(Directory.File("tiny.gguf"));
            Client = LMSpec.Connect($"gguf:{Path}");
        }

        public TempDirectory Directory { get; } = new();

        public string Path { get; }

        public IChatClient Client { get; }

        public void Dispose()
        {
            Client.Dispose();
            Directory.Dispose();
        }
    }
}
