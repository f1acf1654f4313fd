using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// The cache key of an LM request: SHA-256 (lowercase hex) over exactly what can change the reply — provider and model,
/// the messages in order, the sampling and format options, the tools, and the rollout id.
/// </summary>
/// <remarks>
/// <para>Left out on purpose: credentials, endpoint URLs and headers (they live in the client, never in the request),
/// additional properties whose names look like credentials, the predictor name (two predictors sending the same prompt
/// share an entry, as in DSPy), the bypass flag, and <see cref="ChatOptions.RawRepresentationFactory"/> (a delegate
/// cannot be hashed; requests that rely on it should set a distinguishing <c>CacheKeyAdditionalValues</c>).</para>
/// <para>Each value is tagged, so reordering or moving text between fields changes the key. The <see cref="Version"/>
/// string is hashed first; bump it whenever this layout changes, so old entries are simply never found again.</para>
/// </remarks>
internal static class LMCacheKey
{
    public const string Version = "dspy-fluent/lm-cache/v1";

    private static readonly string[] CredentialLikeNames = ["api_key", "apikey", "api-key", "authorization", "password", "secret", "bearer", "access_token", "credential"];

    public static string Compute(IEnumerable<ChatMessage> messages, ChatOptions? options, string? providerName, string? defaultModelId,
        ReadOnlySpan<object?> additionalValues)
    {
        var hasher = CacheKeyHasher.Rent();
        try
        {
            hasher.Add(1, Version);
            hasher.Add(2, providerName);
            hasher.Add(3, options?.ModelId ?? defaultModelId);
            AddMessages(hasher, messages);
            AddOptions(hasher, options);
            hasher.Add(40, DspyChatOptions.GetRolloutId(options));
            foreach (var value in additionalValues) hasher.AddValue(41, value);
            return hasher.FinishAndReturn();
        }
        catch
        {
            hasher.Dispose();
            throw;
        }
    }

    private static void AddMessages(CacheKeyHasher hasher, IEnumerable<ChatMessage> messages)
    {
        foreach (var message in messages)
        {
            hasher.Add(10, message.Role.Value);
            hasher.Add(11, message.AuthorName);
            foreach (var content in message.Contents) AddContent(hasher, content);
        }
        hasher.Tag(19);
    }

    private static void AddContent(CacheKeyHasher hasher, AIContent content)
    {
        switch (content)
        {
            case TextContent text:
                hasher.Add(12, text.Text);
                break;
            case TextReasoningContent reasoning:
                hasher.Add(13, reasoning.Text);
                break;
            case FunctionCallContent call:
                hasher.Add(14, call.CallId);
                hasher.Add(14, call.Name);
                hasher.AddValue(14, call.Arguments);
                break;
            case FunctionResultContent result:
                hasher.Add(15, result.CallId);
                hasher.AddValue(15, result.Result);
                break;
            case DataContent data:
                hasher.Add(16, data.MediaType);
                hasher.Add(16, data.Data.Span);
                if (data.Name is not null) hasher.Add(19, data.Name); // a named file; keys without a name stay as they were
                if (data.AdditionalProperties?.TryGetValue(DocumentParts.ContextKey, out var context) == true) hasher.Add(43, context as string);
                break;
            case HostedFileContent file:
                hasher.Add(19, file.FileId);
                hasher.Add(19, file.Name);
                hasher.Add(19, file.MediaType);
                break;
            case UriContent uri:
                hasher.Add(17, uri.MediaType);
                hasher.Add(17, uri.Uri.ToString());
                break;
            default:
                hasher.AddValue(18, content);
                break;
        }
    }

    private static void AddOptions(CacheKeyHasher hasher, ChatOptions? options)
    {
        hasher.Add(20, options is null);
        if (options is null) return;
        hasher.Add(21, options.Instructions);
        hasher.Add(22, options.Temperature);
        hasher.Add(23, options.MaxOutputTokens);
        hasher.Add(24, options.TopP);
        hasher.Add(25, options.TopK);
        hasher.Add(26, options.FrequencyPenalty);
        hasher.Add(27, options.PresencePenalty);
        hasher.Add(28, options.Seed);
        hasher.Add(29, options.Reasoning?.Effort?.ToString());
        hasher.Add(29, options.Reasoning?.Output?.ToString());
        switch (options.ResponseFormat)
        {
            case ChatResponseFormatJson json:
                hasher.Add(30, "json");
                hasher.Add(30, json.Schema);
                hasher.Add(30, json.SchemaName);
                hasher.Add(30, json.SchemaDescription);
                break;
            case { } other:
                hasher.Add(30, other.GetType().Name);
                break;
            default:
                hasher.Add(30, (string?)null);
                break;
        }
        foreach (var stop in options.StopSequences ?? []) hasher.Add(31, stop);
        foreach (var tool in options.Tools ?? [])
        {
            hasher.Add(32, tool.GetType().Name);
            hasher.Add(32, tool.Name);
            hasher.Add(32, tool.Description);
            if (tool is AIFunctionDeclaration function) hasher.Add(32, function.JsonSchema);
        }
        hasher.Add(33, options.ToolMode switch
        {
            null => null,
            RequiredChatToolMode required => "required:" + required.RequiredFunctionName,
            var mode => mode.GetType().Name,
        });
        hasher.Add(34, options.AllowMultipleToolCalls);
        AddAdditionalProperties(hasher, options.AdditionalProperties);
    }

    private static void AddAdditionalProperties(CacheKeyHasher hasher, AdditionalPropertiesDictionary? properties)
    {
        if (properties is not { Count: > 0 }) return;
        // Ordinal order, so the same properties added in another order give the same key.
        var keys = new List<string>(properties.Count);
        foreach (var key in properties.Keys)
            if (!key.StartsWith(DspyChatOptions.KeyPrefix, StringComparison.Ordinal) && !LooksLikeCredential(key)) keys.Add(key);
        keys.Sort(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            hasher.Add(35, key);
            hasher.AddValue(35, properties[key]);
        }
    }

    private static bool LooksLikeCredential(string name)
    {
        foreach (var marker in CredentialLikeNames)
            if (name.Contains(marker, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
