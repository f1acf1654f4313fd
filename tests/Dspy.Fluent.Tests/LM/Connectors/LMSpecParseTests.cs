
namespace Dspy.Fluent.Tests;

/// <summary>The one <c>--lm</c> spec parser: every accepted form, and every bad form with its exact message.</summary>
public sealed class LMSpecParseTests
{
    public static TheoryData<string, string, string?, string?, string?, string> Accepted() => new()
    {
        // spec, scheme, model, endpoint, path, canonical form
        { "simulated", "simulated", null, null, null, "simulated" },
        { "  SIMULATED \n", "simulated", null, null, null, "simulated" },
        { "openai:gpt-4o-mini", "openai", "gpt-4o-mini", null, null, "openai:gpt-4o-mini" },
        { "OpenAI:gpt-4o-mini", "openai", "gpt-4o-mini", null, null, "openai:gpt-4o-mini" },
        { "openai:gpt-4o-mini@http://127.0.0.1:8000/v1", "openai", "gpt-4o-mini", "http://127.0.0.1:8000/v1", null, "openai:gpt-4o-mini@http://127.0.0.1:8000/v1" },
        { "openai:llama3@https://lm.example.org/v1/", "openai", "llama3", "https://lm.example.org/v1", null, "openai:llama3@https://lm.example.org/v1" },
        { "openai:org/model-7b@http://localhost:1234/v1", "openai", "org/model-7b", "http://localhost:1234/v1", null, "openai:org/model-7b@http://localhost:1234/v1" },
        { "ollama:llama3.2", "ollama", "llama3.2", null, null, "ollama:llama3.2" },
        { "ollama:llama3.2:3b", "ollama", "llama3.2:3b", null, null, "ollama:llama3.2:3b" },
        { "ollama:qwen2.5:0.5b@http://127.0.0.1:11434", "ollama", "qwen2.5:0.5b", "http://127.0.0.1:11434", null, "ollama:qwen2.5:0.5b@http://127.0.0.1:11434" },
        { "gguf:models/tiny.gguf", "gguf", null, null, "models/tiny.gguf", "gguf:models/tiny.gguf" },
        { @"gguf:C:\models\v2@q4:k.gguf", "gguf", null, null, @"C:\models\v2@q4:k.gguf", @"gguf:C:\models\v2@q4:k.gguf" },
        // DSPy's (LiteLLM's) provider/model spelling reads as the colon form.
        { "openai/gpt-4o-mini", "openai", "gpt-4o-mini", null, null, "openai:gpt-4o-mini" },
        { "OpenAI/org/model-7b@http://localhost:1234/v1", "openai", "org/model-7b", "http://localhost:1234/v1", null, "openai:org/model-7b@http://localhost:1234/v1" },
        { "ollama/llama3.2:3b", "ollama", "llama3.2:3b", null, null, "ollama:llama3.2:3b" },
        { "ollama_chat/llama3.2", "ollama", "llama3.2", null, null, "ollama:llama3.2" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Parse_reads_every_accepted_form(string text, string scheme, string? model, string? endpoint, string? path, string canonical)
    {
        var spec = LMSpec.Parse(text);

        Assert.Equal(scheme, spec.Scheme);
        Assert.Equal(model, spec.Model);
        Assert.Equal(endpoint, spec.Endpoint?.OriginalString);
        Assert.Equal(path, spec.Path);
        Assert.Equal(canonical, spec.ToString());
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void The_canonical_form_parses_back_to_an_equal_spec(string text, string scheme, string? model, string? endpoint, string? path, string canonical)
    {
        _ = (scheme, model, endpoint, path, canonical);
        var spec = LMSpec.Parse(text);

        var again = LMSpec.Parse(spec.ToString());

        Assert.Equal(spec, again);
    }

    public static TheoryData<string, string> Rejected() => new()
    {
        { "", "The LM spec is empty." },
        { "   ", "The LM spec is empty." },
        { "gpt-4o", "Unknown LM scheme 'gpt-4o' in 'gpt-4o'." },
        { "anthropic:claude-3", "Unknown LM scheme 'anthropic' in 'anthropic:claude-3'." },
        { "gpt-4o@http://127.0.0.1:8000/v1", "The spec 'gpt-4o@http://127.0.0.1:8000/v1' has no scheme: write the scheme first, e.g. 'openai:gpt-4o@http://127.0.0.1:8000/v1'." },
        { "simulated:fast", "'simulated' takes no model, path or endpoint, but the spec 'simulated:fast' adds ':fast'." },
        { "openai", "The spec 'openai' names no model: write the model after 'openai:', e.g. 'openai:gpt-4o-mini'." },
        { "openai:", "The spec 'openai:' names no model: write the model after 'openai:', e.g. 'openai:gpt-4o-mini'." },
        { "ollama:@http://127.0.0.1:11434", "The spec 'ollama:@http://127.0.0.1:11434' names no model: write the model after 'ollama:', e.g. 'ollama:llama3.2'." },
        { "openai:gpt 4o", "The model 'gpt 4o' in 'openai:gpt 4o' contains whitespace; model names never do." },
        { "openai:gpt-4o@", "The spec 'openai:gpt-4o@' has nothing after '@': write the server's base URL, e.g. 'openai:gpt-4o-mini@http://127.0.0.1:8000/v1'." },
        { "openai:gpt-4o@localhost:8000/v1", "The endpoint 'localhost:8000/v1' in 'openai:gpt-4o@localhost:8000/v1' is not an absolute http:// or https:// URL, e.g. 'http://127.0.0.1:8000/v1'." },
        { "ollama:llama3@ftp://127.0.0.1/", "The endpoint 'ftp://127.0.0.1/' in 'ollama:llama3@ftp://127.0.0.1/' is not an absolute http:// or https:// URL, e.g. 'http://127.0.0.1:11434'." },
        { "openai:gpt-4o@http://127.0.0.1:8000/v1?key=1", "The endpoint 'http://127.0.0.1:8000/v1?key=1' in 'openai:gpt-4o@http://127.0.0.1:8000/v1?key=1' has a query or fragment; give only the server's base URL, e.g. 'http://127.0.0.1:8000/v1'." },
        { "openai:gpt-4o@http://me:sk-secret-123@127.0.0.1:8000/v1", "The endpoint in 'openai:gpt-4o@http://***@127.0.0.1:8000/v1' carries credentials; a spec is logged and saved, so put the key in the connector's API key setting (LMConnectOptions.ApiKey, configuration or the environment) instead." },
        { "openai:gpt-4o@me:sk-secret-123@host", "The endpoint '***' in 'openai:gpt-4o@***' is not an absolute http:// or https:// URL, e.g. 'http://127.0.0.1:8000/v1'." },
        { "gguf:", "The spec 'gguf:' names no file: write the path after 'gguf:', e.g. 'gguf:models/qwen2.5-0.5b-instruct-q4_k_m.gguf'." },
        { "openai/", "The spec 'openai/' names no model: write the model after 'openai:', e.g. 'openai:gpt-4o-mini'." },
        { "anthropic/claude-3", "Unknown LM scheme 'anthropic/claude-3' in 'anthropic/claude-3'." },
        { "gguf:   ", "The spec 'gguf:' names no file: write the path after 'gguf:', e.g. 'gguf:models/qwen2.5-0.5b-instruct-q4_k_m.gguf'." },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Parse_rejects_a_bad_spec_with_the_reason_and_every_accepted_form(string text, string reason)
    {
        var error = Assert.Throws<LMSpecFormatException>(() => LMSpec.Parse(text));

        Assert.Equal(reason + "\n" + ExpectedForms, error.Message);
    }

    [Fact]
    public void A_rejected_spec_never_repeats_credentials_typed_into_it()
    {
        var error = Assert.Throws<LMSpecFormatException>(() => LMSpec.Parse("openai:gpt-4o@http://me:sk-secret-123@127.0.0.1:8000/v1"));

        Assert.DoesNotContain("sk-secret-123", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-secret-123", error.Spec, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_rejects_null_as_a_programming_error()
    {
        Assert.Throws<ArgumentNullException>(() => LMSpec.Parse(null!));
    }

    [Theory]
    [InlineData(new string[0], "simulated")]
    [InlineData(new[] { "--lm", "openai:gpt-4o-mini" }, "openai:gpt-4o-mini")]
    [InlineData(new[] { "--devset", "50", "--lm=ollama:llama3.2" }, "ollama:llama3.2")]
    [InlineData(new[] { "--lm", "gguf:a.gguf", "--lm", "gguf:b.gguf" }, "gguf:b.gguf")]
    public void FromCommandLine_reads_the_lm_option_or_falls_back_to_the_default(string[] args, string expected)
    {
        var spec = LMSpec.FromCommandLine(args, "simulated");

        Assert.Equal(expected, spec.ToString());
    }

    public static TheoryData<string[]> LmWithoutValue() => new() { new[] { "--lm" }, new[] { "--lm", "--verbose" } };

    [Theory]
    [MemberData(nameof(LmWithoutValue))]
    public void FromCommandLine_rejects_an_lm_option_without_a_value(string[] args)
    {
        var error = Assert.Throws<LMSpecFormatException>(() => LMSpec.FromCommandLine(args, "simulated"));

        Assert.Equal("--lm needs a value, e.g. '--lm openai:gpt-4o-mini'.\n" + ExpectedForms, error.Message);
    }

    // Every connector package the test project references, found by reference alone; the list follows the packages.
    private const string ExpectedForms =
        "Accepted LM specs:\n" +
        "  gguf:PATH           a GGUF model file run in-process on the CPU                       e.g. gguf:models/qwen2.5-0.5b-instruct-q4_k_m.gguf\n" +
        "  ollama:MODEL[@URL]  Ollama, at http://localhost:11434 unless given                    e.g. ollama:llama3.2 or ollama:llama3.2@http://127.0.0.1:11434\n" +
        "  openai:MODEL[@URL]  OpenAI or an OpenAI-compatible server (vLLM, LM Studio)           e.g. openai:gpt-4o-mini or openai:gpt-4o-mini@http://127.0.0.1:8000/v1\n" +
        "  simulated           the offline simulated LM (a deterministic stand-in, not a model)  e.g. simulated\n" +
        "  PROVIDER/MODEL      DSPy's spelling: ollama/, ollama_chat/, openai/                   e.g. ollama/llama3.2";
}
