using System.Text;

namespace Dspy.Fluent;

/// <summary>
/// Picks the most common answer among several completions, comparing normalised text so that "Paris", "paris." and
/// "The Paris" count as one. Ties go to the value seen first, and the completion returned is the first one holding it.
/// </summary>
/// <remarks>Corresponds to <c>dspy.majority</c>. Completions usually come from <c>predictor.CallMany(input, n)</c>.</remarks>
/// <example>
/// <code>
/// var cot = Predict.ChainOfThought("cot", "question -> answer");
/// var voted =
///     from q in Programs.Input&lt;Example&gt;()
///     from answers in cot.CallMany(q, 5)
///     select Majority.Of(answers);
/// </code>
/// </example>
public static class Majority
{
    /// <summary>The completion whose <paramref name="field"/> has the most common normalised value.</summary>
    /// <typeparam name="T"><see cref="Prediction"/> or <see cref="Example"/>.</typeparam>
    /// <param name="completions">The completions, at least one.</param>
    /// <param name="field">The field to vote on; null for the last field of the first completion (the last output, as in DSPy).</param>
    /// <param name="normalize">Maps a value to the form compared, or null to ignore that completion; <see cref="Normalize"/> when null.</param>
    /// <returns>The first completion holding the winning value.</returns>
    /// <exception cref="ArgumentException">No completions, or one lacks the field.</exception>
    public static T Of<T>(IEnumerable<T> completions, string? field = null, Func<string, string?>? normalize = null) where T : FieldValues
    {
        ArgumentNullException.ThrowIfNull(completions);
        var list = completions.ToList();
        if (list.Count == 0) throw new ArgumentException("Majority needs at least one completion.", nameof(completions));
        var key = field ?? list[0].Keys.LastOrDefault()
            ?? throw new ArgumentException("The first completion has no fields to vote on; pass the field name.", nameof(completions));
        for (var i = 0; i < list.Count; i++)
            if (!list[i].ContainsKey(key))
                throw new ArgumentException($"Completion {i + 1} has no field '{key}' (it has {string.Join(", ", list[i].Keys)}).", nameof(completions));
        return Of(list, c => c.GetText(key), normalize);
    }

    /// <summary>The item whose value has the most common normalised form, e.g. over typed records.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items, at least one.</param>
    /// <param name="value">The text to vote on for each item.</param>
    /// <param name="normalize">Maps a value to the form compared, or null to ignore that item; <see cref="Normalize"/> when null.</param>
    /// <returns>The first item holding the winning value.</returns>
    public static T Of<T>(IEnumerable<T> items, Func<T, string?> value, Func<string, string?>? normalize = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(value);
        normalize ??= Normalize;
        var list = items.ToList();
        if (list.Count == 0) throw new ArgumentException("Majority needs at least one item.", nameof(items));
        var forms = list.Select(item => value(item) is { } text ? normalize(text) : null).ToArray();
        // As DSPy: values that normalise to nothing are ignored unless nothing else is left.
        var counted = forms.Any(f => f is not null) ? forms.Where(f => f is not null) : forms;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var form in counted)
        {
            var k = form ?? NoValue;
            if (counts.TryGetValue(k, out var n)) counts[k] = n + 1;
            else { counts[k] = 1; order.Add(k); }
        }
        var winner = order[0];
        foreach (var k in order)
            if (counts[k] > counts[winner]) winner = k;
        for (var i = 0; i < list.Count; i++)
            if ((forms[i] ?? NoValue) == winner) return list[i];
        return list[0];
    }

    /// <summary>
    /// DSPy's answer normalisation: lower case, punctuation removed, the articles a/an/the removed, whitespace
    /// collapsed; null when nothing is left.
    /// </summary>
    /// <param name="text">A value.</param>
    /// <remarks>DSPy first applies Unicode NFD; under invariant globalisation .NET does not decompose, so an accented
    /// letter written precomposed and written decomposed count as different values.</remarks>
    public static string? Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lowered = text.Normalize(NormalizationForm.FormD).ToLowerInvariant();
        var sb = new StringBuilder(lowered.Length);
        foreach (var c in lowered)
            if (!(c < 128 && char.IsPunctuation(c) || c < 128 && char.IsSymbol(c))) sb.Append(c);
        var words = sb.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w is not ("a" or "an" or "the"));
        var result = string.Join(' ', words);
        return result.Length == 0 ? null : result;
    }

    private const string NoValue = "\0none";
}
