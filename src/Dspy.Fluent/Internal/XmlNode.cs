using System.Text;

namespace Dspy.Fluent.Internal;

/// <summary>
/// One element of a parsed reply, shaped like Python's <c>xml.etree.ElementTree.Element</c> because DSPy's
/// <c>XMLAdapter</c> reads values off that shape: <see cref="Text"/> before the first child, each child's
/// <see cref="Tail"/> after it, comments dropped.
/// </summary>
internal sealed class XmlNode(string tag, string qualifiedName, int position)
{
    /// <summary>The tag as ElementTree names it: the local name, or <c>{uri}local</c> inside a namespace.</summary>
    public string Tag { get; } = tag;

    /// <summary>The name as written in the reply (with its prefix, if any).</summary>
    public string QualifiedName { get; } = qualifiedName;

    /// <summary>Where the start tag begins in the parsed text.</summary>
    public int Position { get; } = position;

    /// <summary>Attributes in document order (namespace declarations excluded), values with references resolved.</summary>
    public List<KeyValuePair<string, string>> Attributes { get; } = [];

    /// <summary>The namespace declarations written on this element, kept only to serialize it back.</summary>
    public List<KeyValuePair<string, string>> NamespaceDeclarations { get; } = [];

    /// <summary>Text before the first child; null when there is none.</summary>
    public string? Text { get; set; }

    /// <summary>Text after this element's end tag, up to the next sibling or the parent's end; null when there is none.</summary>
    public string? Tail { get; set; }

    /// <summary>The child elements in order.</summary>
    public List<XmlNode> Children { get; } = [];

    public string? Attribute(string name)
    {
        foreach (var (key, value) in Attributes)
            if (key == name) return value;
        return null;
    }

    /// <summary>
    /// ElementTree's <c>tostring(element, encoding="unicode")</c>: the element, its content and its tail, with
    /// <c>&lt;tag /&gt;</c> for an empty element. DSPy uses it to hand back markup found inside a text field.
    /// </summary>
    public void WriteTo(StringBuilder sb)
    {
        sb.Append('<').Append(QualifiedName);
        foreach (var (key, value) in NamespaceDeclarations) AppendAttribute(sb, key, value);
        foreach (var (key, value) in Attributes) AppendAttribute(sb, key, value);
        if (string.IsNullOrEmpty(Text) && Children.Count == 0) sb.Append(" />");
        else
        {
            sb.Append('>');
            AppendText(sb, Text);
            foreach (var child in Children) child.WriteTo(sb);
            sb.Append("</").Append(QualifiedName).Append('>');
        }
        AppendText(sb, Tail);
    }

    private static void AppendText(StringBuilder sb, string? text)
    {
        if (string.IsNullOrEmpty(text)) return;
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                default: sb.Append(c); break;
            }
        }
    }

    private static void AppendAttribute(StringBuilder sb, string name, string value)
    {
        sb.Append(' ').Append(name).Append("=\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\r': sb.Append("&#13;"); break;
                case '\n': sb.Append("&#10;"); break;
                case '\t': sb.Append("&#09;"); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }
}
