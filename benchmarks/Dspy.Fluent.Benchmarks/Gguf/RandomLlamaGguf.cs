using System.Text;

namespace Dspy.Fluent;

/// <summary>
/// Writes a random-weight "llama" GGUF v3 file of a chosen size (2-D tensors F16, norms F32), following
/// <c>shared/GGUF-FACTS.md</c>. The vocabulary is the three specials, the 256 byte tokens, then letters and letter
/// pairs/triples (with and without the word-start mark), so English text tokenizes into a few characters per token.
/// The text it generates is noise; its speed is that of a real model of the same shape.
/// </summary>
internal sealed record RandomLlamaGguf(int Embedding, int Layers, int Heads, int FeedForward, int Vocabulary)
{
    private const int Alignment = 32;
    private const uint TypeU32 = 4, TypeI32 = 5, TypeF32 = 6, TypeString = 8, TypeArray = 9, GgmlF32 = 0, GgmlF16 = 1;

    /// <summary>About 100M parameters: embedding 768, 12 layers, feed-forward 2048, vocabulary 8192.</summary>
    public static RandomLlamaGguf Hundred { get; } = new(768, 12, 12, 2048, 8192);

    /// <summary>About 5M parameters, for the quick run.</summary>
    public static RandomLlamaGguf Small { get; } = new(256, 4, 4, 512, 8192);

    public long Parameters => 2L * Embedding * Vocabulary + Layers * (4L * Embedding * Embedding + 3L * Embedding * FeedForward);

    public string Write(string path)
    {
        var tokens = new List<string> { "<unk>", "<s>", "</s>" };
        var types = new List<int> { 2, 3, 3 };
        for (var b = 0; b < 256; b++)
        {
            tokens.Add($"<0x{b:X2}>");
            types.Add(6);
        }
        foreach (var piece in Pieces().Distinct().Take(Vocabulary - tokens.Count))
        {
            tokens.Add(piece);
            types.Add(1);
        }

        var tensors = new List<(string Name, long[] Dims, bool Norm)>
        {
            ("token_embd.weight", [Embedding, tokens.Count], false),
            ("output_norm.weight", [Embedding], true),
            ("output.weight", [Embedding, tokens.Count], false),
        };
        for (var l = 0; l < Layers; l++)
        {
            tensors.Add(($"blk.{l}.attn_norm.weight", [Embedding], true));
            tensors.Add(($"blk.{l}.ffn_norm.weight", [Embedding], true));
            foreach (var name in new[] { "attn_q", "attn_k", "attn_v", "attn_output" })
                tensors.Add(($"blk.{l}.{name}.weight", [Embedding, Embedding], false));
            tensors.Add(($"blk.{l}.ffn_gate.weight", [Embedding, FeedForward], false));
            tensors.Add(($"blk.{l}.ffn_up.weight", [Embedding, FeedForward], false));
            tensors.Add(($"blk.{l}.ffn_down.weight", [FeedForward, Embedding], false));
        }

        using var stream = new BufferedStream(File.Create(path), 1 << 20);
        using var w = new BinaryWriter(stream);
        long position = 0;
        void Bytes(ReadOnlySpan<byte> b) { w.Write(b); position += b.Length; }
        void U32(uint v) { w.Write(v); position += 4; }
        void U64(ulong v) { w.Write(v); position += 8; }
        void I32(int v) { w.Write(v); position += 4; }
        void F32(float v) { w.Write(v); position += 4; }
        void Str(string s) { var b = Encoding.UTF8.GetBytes(s); U64((ulong)b.Length); Bytes(b); }
        void Pad() { while (position % Alignment != 0) Bytes([0]); }
        void KeyU32(string key, uint value) { Str(key); U32(TypeU32); U32(value); }

        Bytes("GGUF"u8);
        U32(3);
        U64((ulong)tensors.Count);
        U64(12);
        Str("general.architecture"); U32(TypeString); Str("llama");
        Str("general.name"); U32(TypeString); Str($"random-llama-{Parameters / 1_000_000}m");
        KeyU32("llama.context_length", 4096);
        KeyU32("llama.embedding_length", (uint)Embedding);
        KeyU32("llama.block_count", (uint)Layers);
        KeyU32("llama.feed_forward_length", (uint)FeedForward);
        KeyU32("llama.attention.head_count", (uint)Heads);
        Str("llama.attention.layer_norm_rms_epsilon"); U32(TypeF32); F32(1e-5f);
        Str("tokenizer.ggml.model"); U32(TypeString); Str("llama");
        Str("tokenizer.ggml.tokens"); U32(TypeArray); U32(TypeString); U64((ulong)tokens.Count); tokens.ForEach(Str);
        Str("tokenizer.ggml.token_type"); U32(TypeArray); U32(TypeI32); U64((ulong)types.Count); types.ForEach(I32);
        Str("tokenizer.ggml.scores"); U32(TypeArray); U32(TypeF32); U64((ulong)tokens.Count);
        for (var i = 0; i < tokens.Count; i++) F32(i < 259 ? 0f : tokens[i].Length - i * 1e-4f); // longer pieces win

        ulong offset = 0;
        foreach (var (name, dims, norm) in tensors)
        {
            Str(name);
            U32((uint)dims.Length);
            foreach (var d in dims) U64((ulong)d);
            U32(norm ? GgmlF32 : GgmlF16);
            U64(offset);
            offset = (offset + (ulong)(Count(dims) * (norm ? 4 : 2)) + Alignment - 1) / Alignment * Alignment;
        }
        Pad();
        var random = new Random(7);
        foreach (var (_, dims, norm) in tensors)
        {
            var n = Count(dims);
            for (long i = 0; i < n; i++)
            {
                if (norm) F32(1f);
                else { w.Write((Half)((random.NextSingle() * 2 - 1) * 0.05f)); position += 2; }
            }
            Pad();
        }
        return path;
    }

    private static long Count(long[] dims) => dims.Aggregate(1L, (a, b) => a * b);

    private static IEnumerable<string> Pieces()
    {
        const string letters = "etaoinshrdlucmfwypvbgkjqxz";
        var singles = letters.Select(c => c.ToString()).Concat(letters.ToUpperInvariant().Select(c => c.ToString()))
            .Concat("0123456789 .,:?!-_#[]()'\"`\n".Select(c => c.ToString())).ToList();
        foreach (var s in singles) { yield return s; yield return "▁" + s; }
        foreach (var a in letters) foreach (var b in letters) { yield return $"{a}{b}"; yield return $"▁{a}{b}"; }
        foreach (var a in letters) foreach (var b in letters) foreach (var c in letters) yield return $"{a}{b}{c}";
    }
}
