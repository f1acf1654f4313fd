using LLama;
using LLama.Common;
using LLama.Exceptions;
using Microsoft.Extensions.AI;

[assembly: Dspy.Fluent.LMConnector(typeof(Dspy.Fluent.GgufConnector))]

namespace Dspy.Fluent;

/// <summary>
/// <c>gguf:PATH</c>: loads a GGUF model in-process with LLamaSharp on the CPU. The application references a LLamaSharp
/// backend package (e.g. <c>LLamaSharp.Backend.Cpu</c>); settings come from <see cref="GgufOptions"/> given with
/// <see cref="LMConnectOptions.WithSettings{T}"/>.
/// </summary>
/// <example>
/// <code>
/// var options = LMConnectOptions.Default.WithSettings(new GgufOptions { Threads = 2, ContextSize = 2048 });
/// using IChatClient lm = LMSpec.Connect("gguf:models/qwen2.5-0.5b-instruct-q4_k_m.gguf", options);
/// </code>
/// </example>
public sealed class GgufConnector : LMConnector
{
    private const int DefaultContextCap = 4096;

    /// <inheritdoc />
    public override string Scheme => "gguf";

    /// <inheritdoc />
    public override LMSpecForm Form => LMSpecForm.Path;

    /// <inheritdoc />
    public override string Description => "a GGUF model file run in-process on the CPU";

    /// <inheritdoc />
    public override string Example => "gguf:models/qwen2.5-0.5b-instruct-q4_k_m.gguf";

    /// <inheritdoc />
    public override IChatClient Connect(LMSpec spec, LMConnectOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        var gguf = options.GetSettings<GgufOptions>() ?? new GgufOptions();
        var path = System.IO.Path.GetFullPath(spec.Path ?? throw new LMConnectionException(spec, "the spec names no model file."));
        if (Directory.Exists(path))
            throw new LMConnectionException(spec, $"'{path}' is a directory; give the path of a .gguf file inside it.");
        if (!File.Exists(path))
            throw new LMConnectionException(spec, $"the GGUF file '{path}' does not exist. Check the path (relative paths are resolved against '{Environment.CurrentDirectory}').");

        if (gguf.MaxBatchSequences is < 1 or > 64)
            throw new LMConnectionException(spec, $"GgufOptions.MaxBatchSequences is {gguf.MaxBatchSequences}; use 1 to 64.");
        if (gguf.PrefixCacheTokens is < 0)
            throw new LMConnectionException(spec, $"GgufOptions.PrefixCacheTokens is {gguf.PrefixCacheTokens}; use 0 (off) or more.");

        var weights = Load(spec, path, gguf);
        try
        {
            var contextSize = gguf.ContextSize ?? Math.Min(weights.ContextSize > 0 ? weights.ContextSize : DefaultContextCap, DefaultContextCap);
            var parameters = new ModelParams(path) { ContextSize = (uint)contextSize, GpuLayerCount = 0, BatchSize = (uint)Math.Min(contextSize, 512) };
            if (gguf.Threads is { } threads) parameters.Threads = threads;
            var client = new GgufChatClient(weights, parameters, contextSize, ModelId(weights, path), new Uri(path), gguf);
            return ConnectorChatClient.InProcess(client, weights);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }

    private static LLamaWeights Load(LMSpec spec, string path, GgufOptions gguf)
    {
        // Even constructing ModelParams loads the native library, so it belongs inside the capture too.
        return LlamaNativeLog.Capture(() =>
        {
            var parameters = new ModelParams(path) { GpuLayerCount = 0 };
            if (gguf.ContextSize is { } size) parameters.ContextSize = (uint)size;
            return LLamaWeights.LoadFromFile(parameters);
        }, (error, log) => error switch
        {
            LoadWeightsFailedException => new LMConnectionException(spec,
                $"the GGUF file '{path}' could not be loaded: {Reason(log)}. Check that it is a complete GGUF model file " +
                "(re-download it if it was cut short) that this LLamaSharp version (0.30) supports.", error),
            TypeInitializationException { InnerException: RuntimeError } or RuntimeError or DllNotFoundException => new LMConnectionException(spec,
                "LLamaSharp found no native llama.cpp library for this machine. Add a backend package to the application, " +
                "e.g. `dotnet add package LLamaSharp.Backend.Cpu --version 0.30.0`.", error),
            FileNotFoundException => new LMConnectionException(spec, $"the GGUF file '{path}' does not exist.", error),
            UnauthorizedAccessException or IOException => new LMConnectionException(spec, $"the GGUF file '{path}' cannot be read: {error.Message}", error),
            _ => error,
        });
    }

    /// <summary>The useful part of llama.cpp's error lines: drops function prefixes and the generic "failed to load model" lines.</summary>
    internal static string Reason(IReadOnlyList<string> log)
    {
        var reasons = new List<string>();
        foreach (var line in log)
        {
            var text = line;
            var marker = text.IndexOf("error loading model: ", StringComparison.Ordinal);
            if (marker >= 0) text = text[(marker + "error loading model: ".Length)..];
            else if (text.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0 && !text[..colon].Contains(' ')) text = text[(colon + 2)..];
            if (text.StartsWith("llama_model_loader: failed to load model from", StringComparison.Ordinal)
                || text.StartsWith("failed to load model", StringComparison.Ordinal)
                || text == "failed to read header"
                || reasons.Contains(text)) continue;
            reasons.Add(text);
        }
        return reasons.Count == 0 ? "llama.cpp gave no reason" : string.Join("; ", reasons);
    }

    private static string ModelId(LLamaWeights weights, string path) =>
        weights.Metadata.TryGetValue("general.name", out var name) && !string.IsNullOrWhiteSpace(name) ? name : System.IO.Path.GetFileNameWithoutExtension(path);
}
