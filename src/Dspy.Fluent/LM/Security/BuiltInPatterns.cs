using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Dspy.Fluent;

/// <summary>
/// Shapes of secrets that are masked even when nobody registered them. A pattern's <c>keep</c> group (the name before a
/// value, like <c>Authorization: </c>) survives so the redacted text still says what was there.
/// </summary>
internal static partial class BuiltInPatterns
{
    public static ImmutableArray<Regex> Patterns { get; } =
    [
        Bearer(), AuthorizationHeader(), KeyAssignment(), QueryKey(), ConnectionPassword(), OpenAIStyleKey(), GoogleKey(), HuggingFaceToken(), GitHubToken(),
    ];

    // "Bearer <token>" anywhere, e.g. an echoed Authorization header.
    [GeneratedRegex(@"(?<keep>\bBearer\s+)[A-Za-z0-9\-._~+/]+=*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Bearer();

    // "Authorization: Basic xyz" and similar header dumps; the scheme and value both go.
    [GeneratedRegex(@"(?<keep>\b(?:Proxy-)?Authorization[""']?\s*[:=]\s*[""']?)(?!\[redacted\])[^\r\n""',;]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationHeader();

    // api_key=..., "apiKey": "...", x-api-key: ..., client_secret=..., access_token=...
    [GeneratedRegex(@"(?<keep>\b(?:x-)?(?:api[-_]?key|client[-_]?secret|access[-_]?token|secret[-_]?key)[""']?\s*[:=]\s*[""']?)(?!\[redacted\])[^\s""',;&]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyAssignment();

    // ?key=... / &token=... in URLs (Azure and Google style).
    [GeneratedRegex(@"(?<keep>[?&](?:key|token|sig|code)=)[^&\s""']+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QueryKey();

    // password=... in Redis and database connection strings.
    [GeneratedRegex(@"(?<keep>\b(?:password|pwd)\s*=\s*)[^,;\s""']+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConnectionPassword();

    // OpenAI, Anthropic and most OpenAI-compatible providers: sk-..., sk-proj-..., sk-ant-...
    [GeneratedRegex(@"\bsk-[A-Za-z0-9_\-]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex OpenAIStyleKey();

    [GeneratedRegex(@"\bAIza[0-9A-Za-z_\-]{30,}", RegexOptions.CultureInvariant)]
    private static partial Regex GoogleKey();

    [GeneratedRegex(@"\bhf_[A-Za-z0-9]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex HuggingFaceToken();

    [GeneratedRegex(@"\bgh[pousr]_[A-Za-z0-9]{20,}", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubToken();
}
