namespace Dspy.Fluent;

/// <summary>The one reader of <c>--lm</c> spec strings (<see cref="LMSpec.Parse(string)"/>).</summary>
internal static class LMSpecParser
{
    /// <summary>Every accepted form with an example, from the connectors <paramref name="options"/> can reach; appended to every parse error so the fix is on screen.</summary>
    internal static string AcceptedForms(LMConnectOptions options)
    {
        var connectors = LMConnectors.All.Where(c => !options.Connectors.ContainsKey(c.Scheme)).Concat(options.Connectors.Values)
            .OrderBy(c => c.Scheme, StringComparer.Ordinal).ToList();
        if (connectors.Count == 0)
            return "No LM connector is installed: add a connector package, e.g. `dotnet add package Dspy.Fluent.OpenAI` (openai:MODEL) " +
                   "or Dspy.Fluent.Simulation (simulated, offline), or register one with LMConnectors.Register(...).";
        var lines = new List<(string Form, string Description, string Example)>();
        foreach (var c in connectors)
        {
            switch (c.Form)
            {
                case LMSpecForm.SchemeOnly: lines.Add((c.Scheme, c.Description, c.Example)); break;
                case LMSpecForm.Path: lines.Add(($"{c.Scheme}:PATH", c.Description, c.Example)); break;
                default: lines.Add(($"{c.Scheme}:MODEL[@URL]", c.Description, c.ExampleEndpoint is { } url ? $"{c.Example} or {c.Example}@{url}" : c.Example)); break;
            }
        }
        var prefixes = connectors.SelectMany(c => c.DspyProviderPrefixes.Select(p => $"{p}/")).ToList();
        if (connectors.FirstOrDefault(c => c.DspyProviderPrefixes.Count > 0) is { } spelled)
        {
            var model = spelled.Example.Split(':', 2) is [_, var m] ? m : "MODEL";
            lines.Add(("PROVIDER/MODEL", $"DSPy's spelling: {string.Join(", ", prefixes)}", $"{spelled.DspyProviderPrefixes[0]}/{model}"));
        }
        var width = lines.Max(l => l.Form.Length) + 2;
        var descriptionWidth = lines.Max(l => l.Description.Length) + 2;
        return "Accepted LM specs:\n" + string.Join("\n", lines.Select(l => $"  {l.Form.PadRight(width)}{l.Description.PadRight(descriptionWidth)}e.g. {l.Example}"));
    }

    public static LMSpec Parse(string text, LMConnectOptions options)
    {
        var spec = text.Trim();
        if (spec.Length == 0) throw Error(text, "The LM spec is empty.", options);

        var colon = spec.IndexOf(':');
        var scheme = (colon < 0 ? spec : spec[..colon]).ToLowerInvariant();
        var rest = colon < 0 ? null : spec[(colon + 1)..];
        // DSPy (through LiteLLM) writes "openai/gpt-4o-mini", so a spec copied from a DSPy script works unchanged. Only a
        // slash before any colon counts: in "openai:org/model" the slash belongs to the model name.
        var slash = spec.IndexOf('/');
        if (slash > 0 && (colon < 0 || slash < colon) && DspyProvider(spec[..slash], options) is { } provider)
        {
            scheme = provider;
            rest = spec[(slash + 1)..];
        }
        if (scheme.Contains('@') || scheme.Contains("//", StringComparison.Ordinal))
            throw Error(spec, $"The spec '{Redact(spec)}' has no scheme: write the scheme first, e.g. 'openai:{Redact(spec)}'.", options);
        if (options.Find(scheme) is not { } connector)
            throw Error(spec, $"Unknown LM scheme '{Redact(scheme)}' in '{Redact(spec)}'{MissingPackageHint(scheme)}.", options);
        return connector.Form switch
        {
            LMSpecForm.SchemeOnly when rest is null => new LMSpec(connector.Scheme, null, null, null),
            LMSpecForm.SchemeOnly => throw Error(spec, $"'{connector.Scheme}' takes no model, path or endpoint, but the spec '{Redact(spec)}' adds ':{Redact(rest!)}'.", options),
            LMSpecForm.Path => ParsePath(spec, connector, rest, options),
            _ => ParseServer(spec, connector, rest, options),
        };
    }

    /// <summary>For the schemes whose connector ships as a package of this library, which package to add.</summary>
    private static string MissingPackageHint(string scheme) => scheme switch
    {
        "openai" => ": add the package Dspy.Fluent.OpenAI (`dotnet add package Dspy.Fluent.OpenAI`)",
        "ollama" => ": add the package Dspy.Fluent.Ollama",
        "gguf" => ": add the package Dspy.Fluent.Gguf and a LLamaSharp backend (LLamaSharp.Backend.Cpu)",
        "simulated" => ": add the package Dspy.Fluent.Simulation",
        _ => "",
    };

    /// <summary>The scheme for a LiteLLM provider prefix DSPy users write (e.g. <c>ollama_chat</c>), or null.</summary>
    private static string? DspyProvider(string prefix, LMConnectOptions options)
    {
        foreach (var connector in options.Connectors.Values.Concat(LMConnectors.All))
            if (connector.DspyProviderPrefixes.Contains(prefix, StringComparer.OrdinalIgnoreCase)) return connector.Scheme;
        return null;
    }

    private static LMSpec ParsePath(string spec, LMConnector connector, string? rest, LMConnectOptions options)
    {
        // Everything after "scheme:" is the path, so Windows drive letters and '@' in file names survive.
        var path = rest?.Trim();
        if (string.IsNullOrEmpty(path))
            throw Error(spec, $"The spec '{spec}' names no file: write the path after '{connector.Scheme}:', e.g. '{connector.Example}'.", options);
        return new LMSpec(connector.Scheme, null, null, path);
    }

    private static LMSpec ParseServer(string spec, LMConnector connector, string? rest, LMConnectOptions options)
    {
        var scheme = connector.Scheme;
        if (rest is null)
            throw Error(spec, $"The spec '{scheme}' names no model: write the model after '{scheme}:', e.g. '{connector.Example}'.", options);
        var at = rest.IndexOf('@');
        var model = (at < 0 ? rest : rest[..at]).Trim();
        if (model.Length == 0)
            throw Error(spec, $"The spec '{Redact(spec)}' names no model: write the model after '{scheme}:', e.g. '{connector.Example}'.", options);
        if (model.Any(char.IsWhiteSpace))
            throw Error(spec, $"The model '{model}' in '{Redact(spec)}' contains whitespace; model names never do.", options);
        if (at < 0) return new LMSpec(scheme, model, null, null);

        var url = rest[(at + 1)..].Trim();
        if (url.Length == 0)
            throw Error(spec, $"The spec '{Redact(spec)}' has nothing after '@': write the server's base URL, e.g. '{connector.Example}@{ExampleUrl(connector)}'.", options);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https") || endpoint.Host.Length == 0)
        {
            // A malformed URL with an '@' may be "user:secret@host": show none of it.
            var shown = url.Contains('@') ? $"{scheme}:{model}@***" : spec;
            throw Error(shown, $"The endpoint '{(url.Contains('@') ? "***" : url)}' in '{Redact(shown)}' is not an absolute http:// or https:// URL, e.g. '{ExampleUrl(connector)}'.", options);
        }
        if (endpoint.UserInfo.Length > 0)
            throw Error(spec, $"The endpoint in '{Redact(spec)}' carries credentials; a spec is logged and saved, so put the key in " +
                              "the connector's API key setting (LMConnectOptions.ApiKey, configuration or the environment) instead.", options);
        if (endpoint.Query.Length > 0 || endpoint.Fragment.Length > 0)
            throw Error(spec, $"The endpoint '{url}' in '{spec}' has a query or fragment; give only the server's base URL, e.g. '{ExampleUrl(connector)}'.", options);
        return new LMSpec(scheme, model, new Uri(FormatEndpoint(endpoint)), null);
    }

    /// <summary>The endpoint without a trailing slash, as specs are written.</summary>
    internal static string FormatEndpoint(Uri endpoint) => endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');

    private static string ExampleUrl(LMConnector connector) => connector.ExampleEndpoint ?? "http://127.0.0.1:8000/v1";

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

    private static LMSpecFormatException Error(string spec, string reason, LMConnectOptions options) =>
        new(Redact(spec.Trim()), $"{reason}\n{AcceptedForms(options)}");
}
