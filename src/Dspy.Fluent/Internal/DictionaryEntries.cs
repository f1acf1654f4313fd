using System.Collections;

namespace Dspy.Fluent.Internal;

/// <summary>
/// The entries of any <see cref="IDictionary"/>. <c>Cast&lt;DictionaryEntry&gt;()</c> is not enough: a generic
/// <c>Dictionary&lt;K, V&gt;</c> enumerates <c>KeyValuePair</c>s through its non-generic enumerator; only its
/// <see cref="IDictionaryEnumerator"/> yields entries.
/// </summary>
internal static class DictionaryEntries
{
    public static IEnumerable<DictionaryEntry> Of(IDictionary dictionary)
    {
        var e = dictionary.GetEnumerator();
        while (e.MoveNext()) yield return e.Entry;
    }
}
