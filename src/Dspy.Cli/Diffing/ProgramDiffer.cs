using Dspy.Cli.Reading;

namespace Dspy.Cli.Diffing;

/// <summary>Compares two saved programs for <c>dspy diff</c>.</summary>
internal static class ProgramDiffer
{
    public static ProgramDiff Compare(SavedProgram oldProgram, SavedProgram newProgram)
    {
        var olds = oldProgram.Predictors.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var news = newProgram.Predictors.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var diffs = olds.Keys.Union(news.Keys).Order(StringComparer.Ordinal)
            .Select(name => Compare(name, olds.GetValueOrDefault(name), news.GetValueOrDefault(name)))
            .Where(d => !d.IsEmpty)
            .ToList();
        return new ProgramDiff(oldProgram, newProgram, diffs);
    }

    private static PredictorDiff Compare(string name, SavedPredictor? o, SavedPredictor? n)
    {
        if (o is null || n is null) return new PredictorDiff(name, o, n, null, false, [], [], [], false, false);
        var instructions = (o.Instructions ?? "") == (n.Instructions ?? "") ? null : WordDiff.Compute(o.Instructions ?? "", n.Instructions ?? "");
        var demos = CompareDemos(o.Demos, n.Demos);
        // Same demos in another order still change the prompt, so order counts, but it is reported apart from edits.
        var reordered = demos.Count == 0 && !Enumerable.Range(0, o.Demos.Count).All(i => o.Demos[i].SameAs(n.Demos[i]));
        return new PredictorDiff(
            name, o, n, instructions,
            o.Signature != n.Signature,
            o.Fields.Except(n.Fields).ToList(),
            n.Fields.Except(o.Fields).ToList(),
            demos,
            !o.Lm.SequenceEqual(n.Lm),
            reordered);
    }

    private static List<DemoChange> CompareDemos(IReadOnlyList<SavedDemo> olds, IReadOnlyList<SavedDemo> news)
    {
        // Demos are matched by key, in order, so two demos sharing a question pair up one to one.
        var unmatched = news.ToList();
        var changes = new List<DemoChange>();
        var removed = new List<SavedDemo>();
        foreach (var o in olds)
        {
            var same = unmatched.FindIndex(o.SameAs);
            if (same >= 0) { unmatched.RemoveAt(same); continue; }
            var byKey = unmatched.FindIndex(n => n.Key == o.Key && !olds.Any(x => x.SameAs(n)));
            if (byKey >= 0) { changes.Add(new DemoChange(o, unmatched[byKey])); unmatched.RemoveAt(byKey); }
            else removed.Add(o);
        }
        changes.AddRange(removed.Select(r => new DemoChange(r, null)));
        changes.AddRange(unmatched.Select(a => new DemoChange(null, a)));
        return changes;
    }
}
