using System.Text;
using Acornima;
using Acornima.Ast;

namespace Dspy.Fluent.Internal;

/// <summary>
/// Tags every untagged template literal in the sandbox's code with the prelude's checking tag, so <c>`${s}${s}…`</c>
/// is measured before it is built: Jint builds a template literal natively from all its parts, and forty parts of
/// one 4 MB string made 1.4 GB within one statement.
/// </summary>
/// <remarks>
/// The code is rewritten as text, by inserting <c> TAG</c> before each literal's backtick at the positions the parser
/// reports, because Jint runs only scripts it parsed itself. Inserting an identifier (after a space) before a
/// primary expression keeps every program that parsed valid and its line numbers unchanged. What differs: each
/// substitution's value is converted to text after all of them are evaluated rather than in between, and the tag's
/// name shows in a function's source text.
/// </remarks>
internal static class JavaScriptTemplateGuard
{
    /// <summary>The global the prelude defines the tag under; not a name code is likely to use.</summary>
    public const string TagName = "$dspy$template";

    /// <summary>The code with its untagged template literals tagged, or null when it has none.</summary>
    public static string? Tag(string code, Script script)
    {
        var starts = new List<int>();
        new Finder(starts).Visit(script);
        if (starts.Count == 0) return null;
        starts.Sort();
        var tagged = new StringBuilder(code.Length + starts.Count * (TagName.Length + 1));
        var from = 0;
        foreach (var start in starts)
        {
            tagged.Append(code, from, start - from).Append(' ').Append(TagName);
            from = start;
        }
        return tagged.Append(code, from, code.Length - from).ToString();
    }

    private sealed class Finder(List<int> starts) : AstVisitor
    {
        protected override object? VisitTemplateLiteral(TemplateLiteral node)
        {
            starts.Add(node.Start);
            return base.VisitTemplateLiteral(node);
        }

        // A tagged template is left alone (its tag gets the parts, nothing is concatenated natively); its tag and
        // substitutions may hold untagged literals of their own.
        protected override object? VisitTaggedTemplateExpression(TaggedTemplateExpression node)
        {
            Visit(node.Tag);
            foreach (var expression in node.Quasi.Expressions) Visit(expression);
            return node;
        }
    }
}
