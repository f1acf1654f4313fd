using System.Globalization;
using System.Text.RegularExpressions;

namespace Dspy.Fluent.Simulation;

/// <summary>One named quantity of a word problem and how it was reached ("boxes = 24", "total = boxes * muffins").</summary>
internal sealed record Quantity(string Name, string Expression, double Value);

/// <summary>
/// Turns an arithmetic word problem into a small chain of named quantities, the way a small model sets one up: numbers
/// are named after the word that follows them, operation words (sum, total, difference, more than, times, each,
/// divided, per, share, percent of…) pick the operation, and each later clause with a verb (sells, buys, shares…)
/// updates the running total.
/// </summary>
/// <remarks>
/// Read <c>careful</c>ly, a problem is taken clause by clause. Read hastily (the habit), every number is thrown into
/// the one operation the first cue word names — right for one-step problems, wrong for multi-step ones.
/// </remarks>
internal static partial class WordProblem
{
    private static readonly string[] Subtracts = ["sells", "sold", "gives", "gave", "eats", "ate", "loses", "lost", "spends", "spent", "uses", "used",
        "removes", "removed", "minus", "fewer", "less", "takes away", "took", "breaks", "broke", "pays", "paid", "donates", "donated", "leave", "leaves", "picks", "picked"];
    private static readonly string[] Adds = ["buys", "bought", "gets", "got", "receives", "received", "adds", "added", "finds", "found", "plus",
        "another", "earns", "earned", "more", "collects", "collected", "join", "joins", "joined"];
    private static readonly string[] Multiplies = ["times", "each", "every", "per", "multiplied", "product", "rows of", "boxes of", "packs of",
        "bags of", "groups of", "dozen"];
    private static readonly string[] Divides = ["divided", "divides", "split", "splits", "shares", "shared", "share", "equally", "among", "between each", "average"];
    private static readonly string[] Differences = ["difference", "how many more", "how much more", "more than", "fewer than", "less than", "left", "remain", "minus"];
    private static readonly string[] Totals = ["sum", "total", "altogether", "in all", "combined", "together", "plus"];

    /// <summary>Whether the text is an arithmetic problem: two or more numbers, or one with a percent or a product cue.</summary>
    public static bool IsArithmetic(string text)
    {
        var numbers = Numbers(text).Count;
        return numbers >= 2 || (numbers == 1 && Has(text, "%", "percent", "twice", "half", "double", "triple", "dozen"));
    }

    /// <summary>The quantities of a problem, the last one its answer; empty when the text holds no number.</summary>
    public static IReadOnlyList<Quantity> Solve(string text, bool careful)
    {
        var all = Numbers(text);
        if (all.Count == 0) return [];
        var namer = new Namer();
        return careful ? Careful(text, namer) : Hasty(text, all, namer);
    }

    /// <summary>The arithmetic as one expression of numbers ("24 * 12 - 100"), for a calculator tool.</summary>
    public static string? Expression(string text, bool careful)
    {
        var steps = Solve(text, careful);
        if (steps.Count == 0) return null;
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var q in steps)
        {
            var expr = IdentifierToken().Replace(q.Expression, m => byName.TryGetValue(m.Value, out var e) ? e : m.Value);
            byName[q.Name] = expr.Contains(' ', StringComparison.Ordinal) && q != steps[^1] ? $"({expr})" : expr;
        }
        return byName[steps[^1].Name];
    }

    /// <summary>Formats a number as code and answers write it: whole numbers without a decimal point.</summary>
    public static string Format(double value) =>
        Math.Abs(value - Math.Round(value)) < 1e-9 ? Math.Round(value).ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.######", CultureInfo.InvariantCulture);

    private static List<Quantity> Hasty(string text, List<(double Value, string Unit)> numbers, Namer namer)
    {
        var steps = numbers.Select(n => namer.Number(n.Value, n.Unit)).ToList();
        if (steps.Count == 1) return Percent(text, steps, namer) ?? [.. steps, namer.Result(steps[0].Name, steps[0].Value)];
        if (PercentOf(text) && steps.Count == 2)
            return [.. steps, namer.Result($"{steps[1].Name} * {steps[0].Name} / 100", steps[1].Value * steps[0].Value / 100)];
        // The first cue word decides the one operation for everything.
        var op = FirstCue(text) ?? "+";
        var expression = string.Join($" {op} ", steps.Select(s => s.Name));
        steps.Add(namer.Result(expression, Fold(steps.Select(s => s.Value), op)));
        return steps;
    }

    private static List<Quantity> Careful(string text, Namer namer)
    {
        var steps = new List<Quantity>();
        var terms = new List<Quantity>();
        foreach (var clause in Clauses(text))
        {
            var numbers = Numbers(clause);
            if (numbers.Count == 0) continue;
            var named = numbers.Select(n => namer.Number(n.Value, n.Unit)).ToList();
            steps.AddRange(named);
            // Numbers in one clause combine when a word says how ("6 buses with 42 seats each"); otherwise they stand side by side.
            List<Quantity> found;
            if (PercentOf(clause) && named.Count >= 2)
                found = [namer.Derived($"{named[1].Name} * {named[0].Name} / 100", named[1].Value * named[0].Value / 100)];
            else if (named.Count >= 2 && ClauseOperation(clause) is { } op)
                found = [namer.Derived(string.Join($" {op} ", named.Select(n => n.Name)), Fold(named.Select(n => n.Value), op))];
            else found = named;
            if (found[0] != named[0]) steps.AddRange(found);

            // A verb with a running total applies to it; a new quantity without one stands beside it.
            var change = terms.Count == 0 ? null
                : Has(clause, Divides) ? "/" : Has(clause, Subtracts) ? "-"
                : Has(clause, "times as many", "times more", "each of") ? "*" : Has(clause, Adds) ? "+" : null;
            if (change is null) terms.AddRange(found);
            else
            {
                foreach (var term in found)
                {
                    var updated = namer.Derived($"{terms[^1].Name} {change} {term.Name}", Fold([terms[^1].Value, term.Value], change));
                    steps.Add(updated);
                    terms[^1] = updated;
                }
            }
        }
        if (terms.Count > 1)
        {
            var question = Clauses(text).LastOrDefault(c => c.Contains('?', StringComparison.Ordinal)) ?? text;
            var op = Has(question, Differences) ? "-" : Has(question, "product", "times") ? "*"
                : Has(question, "how many times", "ratio") ? "/" : "+";
            var ordered = op == "-" ? terms.OrderByDescending(t => t.Value).ToList() : terms;
            steps.Add(namer.Result(string.Join($" {op} ", ordered.Select(t => t.Name)), Fold(ordered.Select(t => t.Value), op)));
        }
        else if (steps.Count == 1 && Percent(text, steps, namer) is { } percent) steps = percent;
        else steps.Add(namer.Result(terms[0].Name, terms[0].Value));
        return steps;
    }

    private static string? ClauseOperation(string clause) =>
        Has(clause, Divides) ? "/" : Has(clause, Multiplies) ? "*" : Has(clause, Differences) ? "-" : Has(clause, Totals) ? "+" : Has(clause, " of ") ? "*" : null;

    /// <summary>"30% of a number" with one number: "half", "twice" and the like.</summary>
    private static List<Quantity>? Percent(string text, List<Quantity> steps, Namer namer)
    {
        var n = steps[0];
        if (Has(text, "twice", "double")) return [.. steps, namer.Result($"{n.Name} * 2", n.Value * 2)];
        if (Has(text, "triple")) return [.. steps, namer.Result($"{n.Name} * 3", n.Value * 3)];
        if (Has(text, "half")) return [.. steps, namer.Result($"{n.Name} / 2", n.Value / 2)];
        return null;
    }

    private static bool PercentOf(string clause) => Has(clause, "% of", "percent of");

    private static string? FirstCue(string text)
    {
        var cues = new (string[] Words, string Op)[] { (Totals, "+"), (Differences, "-"), (Multiplies, "*"), (Divides, "/") };
        return cues.Select(c => (c.Op, At: c.Words.Select(w => IndexOfWord(text, w)).Where(i => i >= 0).DefaultIfEmpty(int.MaxValue).Min()))
            .Where(c => c.At < int.MaxValue).OrderBy(c => c.At).Select(c => c.Op).FirstOrDefault();
    }

    /// <summary>Whether the text has any of the words or phrases as whole words ("per" is not in "person").</summary>
    public static bool Has(string text, params string[] phrases) => phrases.Any(p => IndexOfWord(text, p) >= 0);

    private static int IndexOfWord(string text, string phrase)
    {
        var pattern = (char.IsLetter(phrase[0]) ? @"\b" : "") + Regex.Escape(phrase) + (char.IsLetter(phrase[^1]) ? @"\b" : "");
        var m = Regex.Match(text, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return m.Success ? m.Index : -1;
    }

    private static double Fold(IEnumerable<double> values, string op) => values.Aggregate((a, b) => op switch
    {
        "+" => a + b,
        "-" => a - b,
        "*" => a * b,
        _ => b == 0 ? double.NaN : a / b,
    });

    /// <summary>Sentences, and the parts of a sentence joined by ", and", "and then", or "and" before a verb ("… and sells 150").</summary>
    private static IEnumerable<string> Clauses(string text) =>
        ClauseEnd().Split(text).SelectMany(c => AndVerb.Split(c)).Select(c => c.Trim()).Where(c => c.Length > 0);

    private static readonly Regex AndVerb = new(
        @"\s+and\s+(?=(?:" + string.Join("|", Subtracts.Concat(Adds).Concat(Divides).Where(w => !w.Contains(' ', StringComparison.Ordinal)).Select(Regex.Escape)) + @")\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>The numbers in the text with the word after each ("24 boxes" → boxes); "$3" is a price.</summary>
    public static List<(double Value, string Unit)> Numbers(string text)
    {
        var result = new List<(double, string)>();
        foreach (Match m in NumberToken().Matches(text))
        {
            var digits = m.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal);
            if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) continue;
            var unit = m.Groups["dollar"].Success ? "price" : m.Groups["pct"].Success ? "percent" : m.Groups["unit"].Value;
            result.Add((value, unit));
        }
        return result;
    }

    /// <summary>Names quantities after their units, as a tidy programmer would, and keeps the names unique.</summary>
    private sealed class Namer
    {
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        public Quantity Number(double value, string unit) => new(Unique(Identifier(unit) ?? "n"), Format(value), value);

        public Quantity Derived(string expression, double value) => new(Unique("step"), expression, value);

        public Quantity Result(string expression, double value) => new(Unique("answer"), expression, value);

        private string Unique(string name)
        {
            if (_used.Add(name)) return name;
            for (var i = 2; ; i++)
                if (_used.Add($"{name}{i}")) return $"{name}{i}";
        }

        private static string? Identifier(string unit)
        {
            var w = unit.ToLowerInvariant();
            if (w.Length < 2 || Lexicon.ContentWords(w).Count == 0 || w is "of" or "and" or "more" or "each" or "per" or "times") return null;
            return Reserved.Contains(w) ? w + "_count" : w;
        }

        private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
        {
            "new", "class", "function", "return", "var", "let", "const", "for", "while", "if", "else", "in", "do", "delete", "this", "case", "default",
            "print", "console", "math", "answer", "step", "import", "from", "pass", "def", "lambda",
        };
    }

    [GeneratedRegex(@"(?<dollar>\$)?(?<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?<pct>\s?%)?(?:\s+(?<unit>[A-Za-z]+))?")]
    private static partial Regex NumberToken();

    [GeneratedRegex(@"(?<=[.?!])\s+|,\s+and\s+|\s+and\s+then\s+|;\s+|,\s+then\s+")]
    private static partial Regex ClauseEnd();

    [GeneratedRegex(@"[A-Za-z_][A-Za-z_0-9]*")]
    private static partial Regex IdentifierToken();
}
