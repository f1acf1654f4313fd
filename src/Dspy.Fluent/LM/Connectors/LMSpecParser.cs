namespace Dspy.Fluent;

/// <summary>The one reader of <c>--lm</c> spec strings (<see cref="LMSpec.Parse(string)"/>).</summary>
internal static class LMSpecParser
{
    /// <summary>Every accepted form with an example; appended to every parse error so the fix is on screen.</summary>
    internal const string AcceptedForms =
        "Accepted LM specs:\n" +
        "  simulated            the offline simulated LM                         e.g. simulated\n" +
        "  openai:MODEL         OpenAI, key from OPENAI_API_KEY                  e.g. openai:gpt-4o-mini\n" +
        "  openai:MODEL@URL     any OpenAI-compatible server (vLLM, LM Studio)   e.g. openai:llama3@http://127.0.0.1:8000/v1\n" +
        "  ollama:MODEL[@URL]   Ollama, at http://localhost:11434 unless given   e.g. ollama:llama3.2 or ollama:llama3.2@http://127.0.0.1:11434\n" +
        "  gguf:PATH            a GGUF model file run in-process on the CPU      e.g. gguf:models/qwen2.5-0.5b-instruct-q4_k_m.gguf\n" +
        "  openai/MODEL         DSPy's spelling of openai:MODEL (also ollama/, ollama_chat/)  e.g. openai/gpt-4o-mini";

    public static LMSpec Parse(string text)
    {
        var spec = text.Trim();
        if (spec.Length == 0) throw Error(text, "The LM spec is empty.");

        var colon = spec.IndexOf(':');
        var scheme = (colon < 0 ? spec : spec[..colon]).ToLowerInvariant();
        var rest = colon < 0 ? null : spec[(colon + 1)..];
        // DSPy (through LiteLLM) writes "openai/gpt-4o-mini", so a spec copied from a DSPy script works unchanged. Only a
        // slash before any colon counts: in "openai:org/model" the slash belongs to the model name.
        var slash = spec.IndexOf('/');
        if (slash > 0 && (colon < 0 || slash < colon) && DspyProvider(spec[..slash]) is { } provider)
        {
            scheme = provider;
            rest = spec[(slash + 1)..];
        }
        return scheme switch
        {
            LMSpec.SimulatedScheme when rest is null => new LMSpec(LMSpec.SimulatedScheme, null, null, null),
            LMSpec.SimulatedScheme => throw Error(spec, $"'simulated' takes no model, path or endpoint, but the spec '{Redact(spec)}' adds ':{Redact(rest!)}'."),
            LMSpec.GgufScheme => ParseGguf(spec, rest),
            LMSpec.OpenAIScheme or LMSpec.OllamaScheme => ParseServer(spec, scheme, rest),
            _ when scheme.Contains('@') => throw Error(spec, $"The spec '{Redact(spec)}' has no scheme: write the scheme first, e.g. 'openai:{Redact(spec)}'."),
            _ => throw Error(spec, $"Unknown LM scheme '{Redact(scheme)}' in '{Redact(spec)}'."),
        };
    }

    /// <summary>The scheme for a LiteLLM provider prefix DSPy users write, or null: LiteLLM's Ollama chat route is <c>ollama_chat</c>.</summary>
    private static string? DspyProvider(string prefix) => prefix.ToLowerInvariant() switch
    {
        LMSpec.OpenAIScheme => LMSpec.OpenAIScheme,
        LMSpec.OllamaScheme or "ollama_chat" => LMSpec.OllamaScheme,
        _ => null,
    };

    private static LMSpec ParseGguf(string spec, string? rest)
    {
        // Everything after "gguf:" is the path, so Windows drive letters and '@' in file names survive.
        var path = rest?.Trim();
        if (string.IsNullOrEmpty(path))
            throw Error(spec, $"The spec '{spec}' names no model file: write the path to a .gguf file after 'gguf:'.");
        return new LMSpec(LMSpec.GgufScheme, null, null, path);
    }

    private static LMSpec ParseServer(string spec, string scheme, string? rest)
    {
        if (rest is null)
            throw Error(spec, $"The spec '{scheme}' names no model: write the model after '{scheme}:', e.g. '{Example(scheme)}'.");
        var at = rest.IndexOf('@');
        var model = (at < 0 ? rest : rest[..at]).Trim();
        if (model.Length == 0)
            throw Error(spec, $"The spec '{Redact(spec)}' names no model: write the model after '{scheme}:', e.g. '{Example(scheme)}'.");
        if (model.Any(char.IsWhiteSpace))
            throw Error(spec, $"The model '{model}' in '{Redact(spec)}' contains whitespace; model names never do.");
        if (at < 0) return new LMSpec(scheme, model, null, null);

        var url = rest[(at + 1)..].Trim();
        if (url.Length == 0)
            throw Error(spec, $"The spec '{Redact(spec)}' has nothing after '@': write the server's base URL, e.g. '{Example(scheme)}@{DefaultUrl(scheme)}'.");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https") || endpoint.Host.Length == 0)
        {
            // A malformed URL with an '@' may be "user:secret@host": show none of it.
            var shown = url.Contains('@') ? $"{scheme}:{model}@***" : spec;
            throw Error(shown, $"The endpoint '{(url.Contains('@') ? "***" : url)}' in '{Redact(shown)}' is not an absolute http:// or https:// URL, e.g. '{DefaultUrl(scheme)}'.");
        }
        if (endpoint.UserInfo.Length > 0)
            throw Error(spec, $"The endpoint in '{Redact(spec)}' carries credentials; a spec is logged and saved, so put the key in " +
                              "the OPENAI_API_KEY environment variable instead.");
        if (endpoint.Query.Length > 0 || endpoint.Fragment.Length > 0)
            throw Error(spec, $"The endpoint '{url}' in '{spec}' has a query or fragment; give only the server's base URL, e.g. '{DefaultUrl(scheme)}'.");
        return new LMSpec(scheme, model, new Uri(FormatEndpoint(endpoint)), null);
    }

    /// <summary>The endpoint without a trailing slash, as specs are written.</summary>
    internal static string FormatEndpoint(Uri endpoint) => endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');

    private static string Example(string scheme) => scheme == LMSpec.OpenAIScheme ? "openai:gpt-4o-mini" : "ollama:llama3.2";

    private static string DefaultUrl(string scheme) => scheme == LMSpec.OpenAIScheme ? "http://127.0.0.1:8000/v1" : "http://127.0.0.1:11434";

    /// <summary>Hides URL credentials (<c>user:secret@host</c>) so an error message never repeats a secret someone typed into a spec.</summary>
    internal static string Redact(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        while (scheme >= 0)
        {
            var hostStart = scheme + 3;
            var end = text.IndexOfAny(['/', '?', '#'], hostStart);
            if (end < 0) end = text.Length;
            var at = text.LastIndexOf('@', end - 1, end - hostStart);
            if (at >= hostStart) text = string.Concat(text.AsSpan(0, hostStart), "***", text.AsSpan(at));
            scheme = text.IndexOf("://", hostStart, StringComparison.Ordinal);
        }
        return text;
    }

    private static LMSpecFormatException Error(string spec, string reason) =>
        new(Redact(spec.Trim()), $"{reason}\n{AcceptedForms}");
}
