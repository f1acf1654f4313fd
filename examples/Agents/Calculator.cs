using System.Globalization;

namespace Dspy.Fluent.Examples.Agents;

/// <summary>
/// The agent's calculator: evaluates an arithmetic expression of numbers, <c>+ - * / %</c>, unary minus and
/// parentheses, by recursive descent (no code is run). A malformed expression throws with the position at fault, and
/// ReAct shows that message to the LM as the observation.
/// </summary>
public static class Calculator
{
    /// <summary>The value of <paramref name="expression"/>, e.g. <c>"(24 * 12) - 150"</c> → 138.</summary>
    /// <param name="expression">The arithmetic expression.</param>
    /// <exception cref="FormatException">The expression is malformed; the message says where.</exception>
    public static double Evaluate(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var parser = new Parser(expression.Replace(",", "", StringComparison.Ordinal));
        var value = parser.Sum();
        parser.SkipSpaces();
        if (!parser.AtEnd) throw parser.Error("an operator or the end");
        return value;
    }

    private sealed class Parser(string text)
    {
        private int _at;

        public bool AtEnd => _at >= text.Length;

        public double Sum()
        {
            var value = Product();
            while (Take('+', '-') is { } op) value = op == '+' ? value + Product() : value - Product();
            return value;
        }

        private double Product()
        {
            var value = Unary();
            while (Take('*', '/', '%') is { } op)
            {
                var right = Unary();
                if (op != '*' && right == 0) throw new FormatException($"Division by zero in '{text}'.");
                value = op switch { '*' => value * right, '/' => value / right, _ => value % right };
            }
            return value;
        }

        private double Unary() => Take('-') is not null ? -Unary() : Take('+') is not null ? Unary() : Atom();

        private double Atom()
        {
            if (Take('(') is not null)
            {
                var inner = Sum();
                if (Take(')') is null) throw Error("')'");
                return inner;
            }
            SkipSpaces();
            var start = _at;
            while (!AtEnd && (char.IsDigit(text[_at]) || text[_at] == '.')) _at++;
            if (start == _at || !double.TryParse(text[start.._at], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                throw Error("a number");
            return number;
        }

        private char? Take(params char[] ops)
        {
            SkipSpaces();
            if (AtEnd || Array.IndexOf(ops, text[_at]) < 0) return null;
            return text[_at++];
        }

        public void SkipSpaces()
        {
            while (!AtEnd && char.IsWhiteSpace(text[_at])) _at++;
        }

        public FormatException Error(string expected) =>
            new($"Expected {expected} at position {_at + 1} of '{text}'{(AtEnd ? " (its end)" : $", found '{text[_at]}'")}. Write numbers with + - * / % and parentheses.");
    }
}
