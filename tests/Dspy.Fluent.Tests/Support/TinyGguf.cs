using System.Text;

namespace Dspy.Fluent.Tests;

/// <summary>
/// Writes a tiny random-weight "llama" model in GGUF v3 (embedding 64, 2 layers, 4 heads, feed-forward 128,
/// vocabulary 321: the three specials, 256 byte tokens and a few dozen pieces) — about 0.5 MB that LLamaSharp
/// loads and runs on the CPU in milliseconds. Its text is noise; its token counts and determinism are real.
/// </summary>
/// <remarks>Layout per the GGUF spec: header, key/values, tensor infos, then 32-byte-aligned F32 tensor data; dims in ggml order (ne0 first).</remarks>
internal static class TinyGguf
{
    private const int Embedding = 64, Layers = 2, Heads = 4, FeedForward = 128, Alignment = 32;
    private const uint TypeU32 = 4, TypeI32 = 5, TypeF32 = 6, TypeString = 8, TypeArray = 9;

    private static readonly string[] Pieces =
    [
        "▁", "▁t", "he", "▁a", "in", "er", "on", "▁the", "re", "at", "▁h", "ll", "or", "en", "es", "is", "an", "ed", "▁s", "▁w",
        "it", "ou", "▁c", "nd", "ar", "▁f", "▁o", "al", "▁p", "as", "ic", "▁b", "le", "ro", "▁m", "▁in", "ing", "st", "▁d", "om",
        "ion", "▁to", "ent", "▁of", "▁and", "ve", "ly", "▁re", "se", "ct", "▁is", "et", "ut", "ch", "ot", "▁th", "el", "ur", "id", "ce",
        "am", "ay",
    ];

    /// <summary>The vocabulary size of the written model.</summary>
    public static int VocabularySize => 3 + 256 + Pieces.Length;

    /// <summary>The byte offset of the u32 version field.</summary>
    public const int VersionOffset = 4;

    /// <summary>The model file's bytes; the same seed gives the same bytes.</summary>
    public static byte[] Bytes(int seed = 1)
    {
        var tokens = new List<string> { "<unk>", "<s>", "</s>" };
        var types = new List<int> { 2, 3, 3 }; // unknown, control, control
        for (var b = 0; b < 256; b++)
        {
            tokens.Add($"<0x{b:X2}>");
            types.Add(6); // byte
        }
        tokens.AddRange(Pieces);
        types.AddRange(Pieces.Select(_ => 1)); // normal
        var vocab = tokens.Count;

        var random = new Random(seed);
        float[] Noise(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1) * 0.2f).ToArray();
        float[] Ones(int n) => Enumerable.Repeat(1f, n).ToArray();
        var tensors = new List<(string Name, long[] Dims, float[] Data)>
        {
            ("token_embd.weight", [Embedding, vocab], Noise(Embedding * vocab)),
            ("output_norm.weight", [Embedding], Ones(Embedding)),
            ("output.weight", [Embedding, vocab], Noise(Embedding * vocab)),
        };
        for (var l = 0; l < Layers; l++)
        {
            tensors.Add(($"blk.{l}.attn_norm.weight", [Embedding], Ones(Embedding)));
            tensors.Add(($"blk.{l}.ffn_norm.weight", [Embedding], Ones(Embedding)));
            foreach (var name in new[] { "attn_q", "attn_k", "attn_v", "attn_output" })
                tensors.Add(($"blk.{l}.{name}.weight", [Embedding, Embedding], Noise(Embedding * Embedding)));
            tensors.Add(($"blk.{l}.ffn_gate.weight", [Embedding, FeedForward], Noise(Embedding * FeedForward)));
            tensors.Add(($"blk.{l}.ffn_up.weight", [Embedding, FeedForward], Noise(Embedding * FeedForward)));
            tensors.Add(($"blk.{l}.ffn_down.weight", [FeedForward, Embedding], Noise(Embedding * FeedForward)));
        }

        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        void Str(string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            w.Write((ulong)bytes.Length);
            w.Write(bytes);
        }
        void Pad()
        {
            while (stream.Position % Alignment != 0) w.Write((byte)0);
        }

        var keyValues = new List<Action>
        {
            () => { Str("general.architecture"); w.Write(TypeString); Str("llama"); },
            () => { Str("llama.context_length"); w.Write(TypeU32); w.Write(256u); },
            () => { Str("llama.embedding_length"); w.Write(TypeU32); w.Write((uint)Embedding); },
            () => { Str("llama.block_count"); w.Write(TypeU32); w.Write((uint)Layers); },
            () => { Str("llama.feed_forward_length"); w.Write(TypeU32); w.Write((uint)FeedForward); },
            () => { Str("llama.attention.head_count"); w.Write(TypeU32); w.Write((uint)Heads); },
            () => { Str("llama.attention.layer_norm_rms_epsilon"); w.Write(TypeF32); w.Write(1e-5f); },
            () => { Str("tokenizer.ggml.model"); w.Write(TypeString); Str("llama"); },
            () => { Str("tokenizer.ggml.tokens"); w.Write(TypeArray); w.Write(TypeString); w.Write((ulong)vocab); tokens.ForEach(Str); },
            () => { Str("tokenizer.ggml.token_type"); w.Write(TypeArray); w.Write(TypeI32); w.Write((ulong)vocab); types.ForEach(w.Write); },
            () => { Str("tokenizer.ggml.scores"); w.Write(TypeArray); w.Write(TypeF32); w.Write((ulong)vocab); for (var i = 0; i < vocab; i++) w.Write(i < 259 ? 0f : -i); },
        };

        w.Write("GGUF"u8);
        w.Write(3u);
        w.Write((ulong)tensors.Count);
        w.Write((ulong)keyValues.Count);
        keyValues.ForEach(kv => kv());
        ulong offset = 0;
        foreach (var (name, dims, data) in tensors)
        {
            Str(name);
            w.Write((uint)dims.Length);
            foreach (var d in dims) w.Write((ulong)d);
            w.Write(0u); // F32
            w.Write(offset);
            offset = (offset + (ulong)data.Length * 4 + Alignment - 1) / Alignment * Alignment;
        }
        Pad();
        foreach (var (_, _, data) in tensors)
        {
            foreach (var f in data) w.Write(f);
            Pad();
        }
        w.Flush();
        return stream.ToArray();
    }

    /// <summary>Writes the model to <paramref name="path"/>.</summary>
    public static string Write(string path, int seed = 1)
    {
        File.WriteAllBytes(path, Bytes(seed));
        return path;
    }
}
