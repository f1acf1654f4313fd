using LLama.Batched;
using LLama.Native;

namespace Dspy.Fluent;

/// <summary>
/// Evaluated prompts kept as idle conversations, so a later prompt that starts with the same tokens forks one (sharing
/// its KV cells) instead of evaluating that part again. Bounded by a token budget and a number of entries (each holds a
/// llama.cpp sequence id); least recently used entries go first. Used by the batch loop only.
/// </summary>
internal sealed class GgufPrefixCache(int maxTokens, int maxEntries) : IDisposable
{
    /// <summary>Shorter matches are not worth a fork: the saving would be a handful of tokens.</summary>
    private const int MinimumReuse = 4;

    private readonly List<Entry> _entries = [];
    private long _clock;

    /// <summary>Tokens held by cached prompts (counted in full, although forks share cells).</summary>
    public int Tokens { get; private set; }

    public int Count => _entries.Count;

    public bool Enabled => maxTokens > 0 && maxEntries > 0;

    /// <summary>
    /// Starts a conversation for <paramref name="prompt"/> that continues the cached prompt with the longest common
    /// prefix; returns null when none shares at least a few tokens. At least one prompt token is always left to evaluate,
    /// because sampling needs the logits of the last one.
    /// </summary>
    public (Conversation Conversation, int Reused)? Fork(ReadOnlySpan<LLamaToken> prompt)
    {
        Entry? best = null;
        var bestLength = 0;
        foreach (var entry in _entries)
        {
            var length = prompt.CommonPrefixLength(entry.Tokens);
            if (length > bestLength) (best, bestLength) = (entry, length);
        }
        bestLength = Math.Min(bestLength, prompt.Length - 1);
        if (best is null || bestLength < MinimumReuse) return null;

        best.LastUsed = ++_clock;
        var fork = best.Conversation.Fork();
        if (fork.TokenCount > bestLength) fork.Rewind(fork.TokenCount - bestLength);
        return (fork, bestLength);
    }

    /// <summary>Keeps the just-evaluated prompt of <paramref name="conversation"/>, evicting older prompts to make room.</summary>
    public void Add(Conversation conversation, LLamaToken[] prompt)
    {
        if (!Enabled || prompt.Length < MinimumReuse || prompt.Length > maxTokens) return;
        foreach (var entry in _entries.ToList())
        {
            var shared = prompt.AsSpan().CommonPrefixLength(entry.Tokens);
            if (shared == prompt.Length && shared == entry.Tokens.Length)
            {
                entry.LastUsed = ++_clock; // already cached
                return;
            }
            if (shared == entry.Tokens.Length) Remove(entry); // the new prompt extends it, so it serves every match the old one did
        }
        while (_entries.Count > 0 && (Tokens + prompt.Length > maxTokens || _entries.Count >= maxEntries))
            Remove(_entries.MinBy(e => e.LastUsed)!);
        _entries.Add(new Entry(conversation.Fork(), prompt) { LastUsed = ++_clock });
        Tokens += prompt.Length;
    }

    /// <summary>Drops the least recently used prompt; false when the cache is empty.</summary>
    public bool EvictOne()
    {
        if (_entries.Count == 0) return false;
        Remove(_entries.MinBy(e => e.LastUsed)!);
        return true;
    }

    public void Dispose()
    {
        foreach (var entry in _entries.ToList()) Remove(entry);
    }

    private void Remove(Entry entry)
    {
        _entries.Remove(entry);
        Tokens -= entry.Tokens.Length;
        entry.Conversation.Dispose();
    }

    private sealed class Entry(Conversation conversation, LLamaToken[] tokens)
    {
        public Conversation Conversation { get; } = conversation;

        public LLamaToken[] Tokens { get; } = tokens;

        public long LastUsed { get; set; }
    }
}
