using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent.Tests;

public sealed class LMCacheKeyTests
{
    private const string ApiKey = "sk-test-0123456789abcdefSECRET";

    private static List<ChatMessage> Messages() =>
    [
        new(ChatRole.System, "Your input fields are: `question`."),
        new(ChatRole.User, "[[ ## question ## ]]\nWhat is the capital of France?"),
    ];

    private static ChatOptions Options() => new()
    {
        ModelId = "gpt-4o-mini", Temperature = 0.7f, MaxOutputTokens = 256, TopP = 0.9f,
        ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse("""{"type":"object","properties":{"answer":{"type":"string"}}}""").RootElement, "answer"),
        StopSequences = ["\n\n"],
        Tools = [AIFunctionFactory.Create((string query) => query, "search", "Searches the web")],
        AdditionalProperties = new() { [DspyChatOptions.RolloutIdKey] = "1" },
    };

    private static string Key(IEnumerable<ChatMessage> messages, ChatOptions? options, string? provider = "openai", string? defaultModel = null) =>
        LMCacheKey.Compute(messages, options, provider, defaultModel, []);

    [Fact]
    public void The_same_request_built_twice_gives_the_same_key()
    {
        var first = Key(Messages(), Options());

        var second = Key(Messages(), Options());

        Assert.Equal(first, second);
        Assert.Matches("^[0-9a-f]{64}$", first);
    }

    public static TheoryData<string> Changes() =>
    [
        "model", "provider", "default model", "message text", "message role", "message order", "extra message", "temperature", "max tokens",
        "top-p", "top-k", "seed", "instructions", "schema", "response format", "stop sequence", "tool name", "tool schema", "tool mode", "rollout id",
        "provider option",
    ];

    [Theory]
    [MemberData(nameof(Changes))]
    public void Changing_any_input_that_changes_the_reply_changes_the_key(string change)
    {
        var baseline = Key(Messages(), Options(), defaultModel: "default");
        var messages = Messages();
        var options = Options();
        string? provider = "openai", defaultModel = "default";

        switch (change)
        {
            case "model": options.ModelId = "gpt-4o"; break;
            case "provider": provider = "ollama"; break;
            case "default model": options.ModelId = null; defaultModel = "other"; baseline = Key(Messages(), WithoutModel(), defaultModel: "default"); break;
            case "message text": messages[1] = new(ChatRole.User, messages[1].Text + "?"); break;
            case "message role": messages[1] = new(ChatRole.Assistant, messages[1].Text); break;
            case "message order": messages.Reverse(); break;
            case "extra message": messages.Add(new(ChatRole.User, "")); break;
            case "temperature": options.Temperature = 0.8f; break;
            case "max tokens": options.MaxOutputTokens = 257; break;
            case "top-p": options.TopP = 1f; break;
            case "top-k": options.TopK = 40; break;
            case "seed": options.Seed = 7; break;
            case "instructions": options.Instructions = "Be brief."; break;
            case "schema": options.ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse("""{"type":"object"}""").RootElement, "answer"); break;
            case "response format": options.ResponseFormat = ChatResponseFormat.Text; break;
            case "stop sequence": options.StopSequences = ["\n"]; break;
            case "tool name": options.Tools = [AIFunctionFactory.Create((string query) => query, "lookup", "Searches the web")]; break;
            case "tool schema": options.Tools = [AIFunctionFactory.Create((int query) => query, "search", "Searches the web")]; break;
            case "tool mode": options.ToolMode = ChatToolMode.RequireAny; break;
            case "rollout id": options.AdditionalProperties![DspyChatOptions.RolloutIdKey] = "2"; break;
            case "provider option": options.AdditionalProperties!["reasoning_effort"] = "high"; break;
        }

        Assert.NotEqual(baseline, Key(messages, options, provider, defaultModel));

        static ChatOptions WithoutModel()
        {
            var o = Options();
            o.ModelId = null;
            return o;
        }
    }

    [Fact]
    public void Credentials_the_predictor_name_and_the_bypass_flag_do_not_enter_the_key()
    {
        var baseline = Key(Messages(), Options());
        var options = Options();
        options.AdditionalProperties!["api_key"] = ApiKey;
        options.AdditionalProperties["Authorization"] = "Bearer " + ApiKey;
        options.AdditionalProperties[DspyChatOptions.PredictorKey] = "generate_answer";
        options.AdditionalProperties[DspyChatOptions.CacheBypassKey] = true;

        var key = Key(Messages(), options);

        Assert.Equal(baseline, key);
        Assert.DoesNotContain(ApiKey, key, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Provider_options_give_the_same_key_whatever_order_they_were_added_in()
    {
        var a = Options();
        a.AdditionalProperties!["x"] = 1;
        a.AdditionalProperties["y"] = "two";
        var b = Options();
        b.AdditionalProperties = new() { ["y"] = "two", ["x"] = 1, [DspyChatOptions.RolloutIdKey] = "1" };

        Assert.Equal(Key(Messages(), a), Key(Messages(), b));
    }

    [Fact]
    public void Text_moved_between_messages_changes_the_key()
    {
        List<ChatMessage> a = [new(ChatRole.User, "ab"), new(ChatRole.User, "c")];
        List<ChatMessage> b = [new(ChatRole.User, "a"), new(ChatRole.User, "bc")];

        Assert.NotEqual(Key(a, null), Key(b, null));
    }

    [Fact]
    public void Long_text_with_surrogate_pairs_hashes_like_the_same_text_built_another_way()
    {
        var text = string.Concat(Enumerable.Repeat("naïve 🚀 text ", 200));

        var a = Key([new ChatMessage(ChatRole.User, text)], null);
        var b = Key([new ChatMessage(ChatRole.User, new string(text.AsSpan()))], null);

        Assert.Equal(a, b);
        Assert.NotEqual(a, Key([new ChatMessage(ChatRole.User, text + "🚀")], null));
    }

    [Fact]
    public void Documents_with_the_same_text_but_another_title_or_context_get_another_key()
    {
        static string DocumentKey(Document d) => Key(
            ChatAdapter.Default.Format(Signature.Parse("document: Document -> summary"), [], new Dictionary<string, object?> { ["document"] = d }), null);

        var plain = DocumentKey(new Document("Same words."));
        Assert.Equal(plain, DocumentKey(new Document("Same words.")));
        Assert.NotEqual(plain, DocumentKey(new Document("Same words.", Title: "A")));
        Assert.NotEqual(DocumentKey(new Document("Same words.", Title: "A")), DocumentKey(new Document("Same words.", Title: "B")));
        Assert.NotEqual(plain, DocumentKey(new Document("Same words.", Context: "c")));
        Assert.NotEqual(plain, DocumentKey(new Document("Other words.")));
    }
}
