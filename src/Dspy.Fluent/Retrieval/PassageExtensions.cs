namespace Dspy.Fluent;

/// <summary>
/// Turns retrieved passages into the <c>context: list[str]</c> a signature takes, and removes repeats when
/// hops accumulate context.
/// </summary>
/// <example>
/// <code>
/// // Baleen: context = deduplicate(context + passages)
/// IReadOnlyList&lt;string&gt; context = [];
/// var passages = await retriever.SearchAsync("Who founded Orvale Press?", k: 3);
/// context = context.Concat(passages.ToContext()).Deduplicate();
/// </code>
/// </example>
public static class PassageExtensions
{
    /// <summary>The passages as <c>"{Title} | {Text}"</c> strings, in order: what a <c>context: list[str]</c> field takes.</summary>
    /// <param name="passages">The passages.</param>
    /// <returns>One string per passage (see <see cref="Passage.ToString"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="passages"/> or one of them is null.</exception>
    public static IReadOnlyList<string> ToContext(this IEnumerable<Passage> passages)
    {
        ArgumentNullException.ThrowIfNull(passages);
        return passages.Select(p => (p ?? throw new ArgumentNullException(nameof(passages), "A passage in the list is null.")).ToString()).ToArray();
    }

    /// <summary>The passages without repeats, keeping the first occurrence of each (title and text compared; scores ignored).</summary>
    /// <param name="passages">The passages, e.g. the context so far followed by a new hop's passages.</param>
    /// <returns>The distinct passages in the order they first appeared.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="passages"/> is null.</exception>
    public static IReadOnlyList<Passage> Deduplicate(this IEnumerable<Passage> passages)
    {
        ArgumentNullException.ThrowIfNull(passages);
        return KeepFirst(passages, EqualityComparer<Passage>.Default);
    }

    /// <summary>The strings without repeats, keeping the first occurrence of each (ordinal comparison).</summary>
    /// <param name="context">Context strings, e.g. the context so far followed by a new hop's <see cref="ToContext"/>.</param>
    /// <returns>The distinct strings in the order they first appeared.</returns>
    /// <remarks>Corresponds to <c>dspy.dsp.utils.deduplicate</c> as used by DSPy's SimplifiedBaleen.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    public static IReadOnlyList<string> Deduplicate(this IEnumerable<string> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return KeepFirst(context, StringComparer.Ordinal);
    }

    // Enumerable.Distinct happens to keep first occurrences but does not promise it; Baleen's prompts depend on the order.
    private static T[] KeepFirst<T>(IEnumerable<T> items, IEqualityComparer<T> comparer)
    {
        var seen = new HashSet<T>(comparer);
        var kept = new List<T>();
        foreach (var item in items)
            if (seen.Add(item)) kept.Add(item);
        return [.. kept];
    }
}
