
namespace Dspy.Fluent.Tests;

public sealed class SecretRedactorTests
{
    [Fact]
    public void A_registered_secret_is_masked_wherever_it_appears()
    {
        var redactor = new SecretRedactor().AddSecret("tok_6f1c9b2e8a7d");

        var text = redactor.Redact("key tok_6f1c9b2e8a7d and again tok_6f1c9b2e8a7d.");

        Assert.Equal("key [redacted] and again [redacted].", text);
    }

    [Fact]
    public void A_secret_containing_a_shorter_secret_is_masked_whole()
    {
        var redactor = new SecretRedactor().AddSecret("abcd1234").AddSecret("abcd1234-extended");

        Assert.Equal("x [redacted] y", redactor.Redact("x abcd1234-extended y"));
    }

    [Theory]
    [InlineData("Incorrect API key provided: sk-proj-abcDEF123456789", "Incorrect API key provided: [redacted]")]
    [InlineData("Authorization: Bearer eyJhbGciOi.J9x", "Authorization: [redacted]")]
    [InlineData("sent header Bearer abc.def-ghi", "sent header Bearer [redacted]")]
    [InlineData("{\"api_key\": \"hunter2hunter2\"}", "{\"api_key\": \"[redacted]\"}")]
    [InlineData("x-api-key: 12345678abcdef", "x-api-key: [redacted]")]
    [InlineData("GET https://example.test/v1/chat?key=AIzaSyA-1234&x=1", "GET https://example.test/v1/chat?key=[redacted]&x=1")]
    [InlineData("redis.local:6379,password=s3cr3t,ssl=true", "redis.local:6379,password=[redacted],ssl=true")]
    public void Common_secret_shapes_are_masked_without_registration(string text, string expected)
    {
        Assert.Equal(expected, new SecretRedactor().Redact(text));
    }

    [Fact]
    public void Ordinary_text_comes_back_as_the_same_instance()
    {
        var text = "The capital of France is Paris; max_tokens=256.";

        Assert.Same(text, new SecretRedactor().Redact(text));
    }

    [Fact]
    public void An_exception_holding_a_secret_anywhere_in_its_chain_is_replaced_by_a_redacted_stand_in()
    {
        var redactor = new SecretRedactor().AddSecret("tok_6f1c9b2e8a7d");
        var error = new InvalidOperationException("outer", new HttpRequestException("sent tok_6f1c9b2e8a7d"));

        var safe = redactor.RedactException(error)!;

        var standIn = Assert.IsType<RedactedException>(safe);
        Assert.Equal(typeof(InvalidOperationException).FullName, standIn.OriginalType);
        Assert.DoesNotContain("tok_6f1c9b2e8a7d", safe.ToString());
        Assert.Contains("sent [redacted]", safe.ToString());
    }

    [Fact]
    public void A_clean_exception_is_kept_as_it_is()
    {
        var error = new TimeoutException("slow");

        Assert.Same(error, new SecretRedactor().RedactException(error));
    }
}
