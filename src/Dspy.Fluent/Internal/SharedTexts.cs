namespace Dspy.Fluent.Internal;

/// <summary>Message texts that occur more than once in a result (system prompts, demos), numbered in first-seen order.</summary>
internal sealed class SharedTexts
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    private SharedTexts() { }

    /// <summary>No shared texts: every message is written in full (a single run shipped between machines).</summary>
    public static SharedTexts None { get; } = new();

    public List<string> Texts { get; } = [];

    public int? IndexOf(string text) => _index.TryGetValue(text, out var i) ? i : null;

    public static SharedTexts Build(EvaluationResult result)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in result.Rows)
            foreach (var call in row.Calls)
                foreach (var text in call.Messages.Select(MediaParts.TextOf))
                    counts[text] = counts.GetValueOrDefault(text) + 1;
        var shared = new SharedTexts();
        foreach (var row in result.Rows)
            foreach (var call in row.Calls)
                foreach (var message in call.Messages)
                {
                    var text = MediaParts.TextOf(message);
                    if (counts[text] < 2 || shared._index.ContainsKey(text)) continue;
                    shared._index[text] = shared.Texts.Count;
                    shared.Texts.Add(text);
                }
        return shared;
    }
}
