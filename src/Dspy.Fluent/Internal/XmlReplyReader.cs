namespace Dspy.Fluent.Internal;

/// <summary>A reply that is not well-formed XML; the message names the line and column in the reply and what to fix.</summary>
internal sealed class XmlReplyException(string message) : Exception(message);

/// <summary>
/// Reads an LM reply as DSPy's <c>XMLAdapter</c> does: <c>ElementTree.fromstring("&lt;dspy_root&gt;" + reply + "&lt;/dspy_root&gt;")</c>.
/// The same replies are accepted and rejected as by Python's expat parser (XML 1.0 with namespaces, no DTD: an
/// unescaped <c>&lt;</c> or <c>&amp;</c>, an undefined entity, a mismatched or unclosed tag, a duplicate attribute, an
/// unbound prefix are errors), and the tree has ElementTree's shape (text, tails, comments dropped).
/// </summary>
/// <remarks>Iterative rather than recursive, and nesting is capped at <see cref="MaxDepth"/>, so a deeply nested reply
/// cannot exhaust the stack here or in the (recursive) readers of the tree. DSPy fails near the same depth: Python's
/// recursion limit is 1000.</remarks>
internal sealed partial class XmlReplyReader
{
    private const string Root = "dspy_root";
    private const string Prefix = "<" + Root + ">";
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";

    /// <summary>The deepest nesting of tags read, the adapter's wrapper not counted.</summary>
    public const int MaxDepth = 1000;

    private readonly string _s;
    private readonly string _reply;
    private readonly int _suffixStart;
    private readonly List<XmlNode> _stack = [];
    private readonly List<Dictionary<string, string>?> _scopes = [];
    private int _pos;

    private XmlReplyReader(string reply)
    {
        _reply = reply;
        _s = Prefix + reply + "</" + Root + ">";
        _suffixStart = Prefix.Length + reply.Length;
    }

    /// <summary>The wrapper element around the reply; its children are the reply's top-level tags.</summary>
    /// <exception cref="XmlReplyException">The reply is not well-formed XML.</exception>
    public static XmlNode Read(string reply) => new XmlReplyReader(reply).Document();

    private XmlNode Document()
    {
        var root = StartTag() ?? throw new InvalidOperationException("The wrapper element is never self-closing.");
        while (_stack.Count > 0)
        {
            if (_pos >= _s.Length) Fail(_pos, $"<{_stack[^1].QualifiedName}> is never closed");
            switch (_s[_pos])
            {
                case '<': Markup(); break;
                case '&': AppendText(Reference()); break;
                default: CharData(); break;
            }
        }
        // After the wrapper closes only whitespace, comments and processing instructions may follow: the reply itself
        // closed </dspy_root> early.
        while (_pos < _s.Length)
        {
            if (IsSpace(_s[_pos])) _pos++;
            else if (At("<!--")) Comment();
            else if (At("<?")) ProcessingInstruction();
            else Fail(_pos, $"text after </{Root}>: the adapter wraps the reply in <{Root}>, so the reply must not close that tag itself");
        }
        return root;
    }

    private void Markup()
    {
        if (At("</")) EndTag();
        else if (At("<!--")) Comment();
        else if (At("<![CDATA[")) CData();
        else if (At("<!")) Fail(_pos, "'<!' starts neither a comment nor a CDATA section (a DOCTYPE is not allowed inside a reply)");
        else if (At("<?")) ProcessingInstruction();
        else StartTag();
    }

    /// <summary>Reads a start tag and attaches the element; returns it, or null for a self-closing one.</summary>
    private XmlNode? StartTag()
    {
        var start = _pos++;
        if (_pos >= _s.Length || !IsNameStart(_s, _pos))
            Fail(start, "'<' does not start a tag; write &lt; for a literal '<'");
        var name = Name();
        var attributes = new List<KeyValuePair<string, string>>();
        var attributeStarts = new List<int>();
        bool selfClosing;
        while (true)
        {
            var hadSpace = SkipSpace();
            if (_pos >= _s.Length) Fail(start, $"the start tag <{name} is never finished with '>'");
            if (_s[_pos] == '>') { _pos++; selfClosing = false; break; }
            if (At("/>")) { _pos += 2; selfClosing = true; break; }
            if (!hadSpace || !IsNameStart(_s, _pos))
                Fail(_pos, $"unexpected {Shown(_pos)} in the start tag <{name}>");
            var attributeStart = _pos;
            var attribute = Name();
            SkipSpace();
            if (_pos >= _s.Length || _s[_pos] != '=') Fail(_pos, $"attribute '{attribute}' of <{name}> needs '=' and a quoted value");
            _pos++;
            SkipSpace();
            if (_pos >= _s.Length || _s[_pos] is not ('"' or '\'')) Fail(_pos, $"the value of attribute '{attribute}' of <{name}> must be in quotes");
            var value = AttributeValue();
            if (attributes.Exists(a => a.Key == attribute)) Fail(attributeStart, $"duplicate attribute '{attribute}' on <{name}>");
            attributes.Add(new(attribute, value));
            attributeStarts.Add(attributeStart);
        }

        var node = BuildNode(name, start, attributes, attributeStarts, out var scope);
        if (_stack.Count > 0)
        {
            var parent = _stack[^1];
            parent.Children.Add(node);
        }
        if (selfClosing) return null;
        if (_stack.Count > MaxDepth) Fail(start, $"tags are nested more than {MaxDepth} deep");
        _stack.Add(node);
        _scopes.Add(scope);
        return node;
    }

    /// <summary>Resolves namespaces as ElementTree does: a prefix must be declared, and names become <c>{uri}local</c>.</summary>
    private XmlNode BuildNode(string name, int start, List<KeyValuePair<string, string>> attributes, List<int> attributeStarts,
        out Dictionary<string, string>? scope)
    {
        scope = null;
        foreach (var (key, value) in attributes)
        {
            if (key == "xmlns") (scope ??= [])[""] = value;
            else if (key.StartsWith("xmlns:", StringComparison.Ordinal))
            {
                if (value.Length == 0) Fail(start, $"{key}=\"\" on <{name}>: a namespace prefix cannot be undeclared");
                (scope ??= [])[key[6..]] = value;
            }
        }
        _scopes.Add(scope); // visible while this element's own names are resolved
        try
        {
            var node = new XmlNode(Resolve(name, isElement: true, start), name, start);
            for (var i = 0; i < attributes.Count; i++)
            {
                var (key, value) = attributes[i];
                if (key == "xmlns" || key.StartsWith("xmlns:", StringComparison.Ordinal)) node.NamespaceDeclarations.Add(attributes[i]);
                else node.Attributes.Add(new(Resolve(key, isElement: false, attributeStarts[i]), value));
            }
            return node;
        }
        finally
        {
            _scopes.RemoveAt(_scopes.Count - 1);
        }
    }

    private string Resolve(string name, bool isElement, int position)
    {
        var colon = name.IndexOf(':');
        if (colon < 0)
            return isElement && Lookup("") is { Length: > 0 } uri ? $"{{{uri}}}{name}" : name;
        var prefix = name[..colon];
        var local = name[(colon + 1)..];
        if (prefix.Length == 0 || local.Length == 0 || local.Contains(':'))
            Fail(position, $"'{name}' is not a valid qualified name (one ':' between a prefix and a local name)");
        if (prefix == "xml") return $"{{{XmlNamespace}}}{local}";
        var ns = Lookup(prefix) ?? Fail<string>(position, $"unbound namespace prefix '{prefix}' in '{name}'; declare it with xmlns:{prefix}=\"…\" or drop the prefix");
        return $"{{{ns}}}{local}";
    }

    private string? Lookup(string prefix)
    {
        for (var i = _scopes.Count - 1; i >= 0; i--)
            if (_scopes[i] is { } scope && scope.TryGetValue(prefix, out var uri)) return uri;
        return null;
    }

    private void EndTag()
    {
        var start = _pos;
        _pos += 2;
        if (_pos >= _s.Length || !IsNameStart(_s, _pos)) Fail(start, "'</' is not followed by a tag name");
        var name = Name();
        SkipSpace();
        if (_pos >= _s.Length || _s[_pos] != '>') Fail(_pos, $"the end tag </{name} is not closed with '>'");
        _pos++;
        var open = _stack[^1];
        if (name != open.QualifiedName)
        {
            if (start >= _suffixStart) Fail(open.Position, $"<{open.QualifiedName}> is never closed");
            if (_stack.Count == 1) Fail(start, $"</{name}> closes a tag that was never opened");
            Fail(start, $"</{name}> does not close <{open.QualifiedName}> (opened {Location(open.Position)})");
        }
        _stack.RemoveAt(_stack.Count - 1);
        _scopes.RemoveAt(_scopes.Count - 1);
    }

    private void Comment()
    {
        var start = _pos;
        _pos += 4;
        var end = _s.IndexOf("--", _pos, StringComparison.Ordinal);
        if (end < 0 || end + 2 >= _s.Length) Fail(start, "a comment '<!--' is never closed with '-->'");
        if (_s[end + 2] != '>') Fail(end, "'--' is not allowed inside a comment");
        CheckChars(_pos, end);
        _pos = end + 3;
    }

    private void CData()
    {
        var start = _pos;
        _pos += 9;
        var end = _s.IndexOf("]]>", _pos, StringComparison.Ordinal);
        if (end < 0) Fail(start, "a CDATA section '<![CDATA[' is never closed with ']]>'");
        CheckChars(_pos, end);
        AppendText(NormalizeNewlines(_s[_pos..end]));
        _pos = end + 3;
    }

    private void ProcessingInstruction()
    {
        var start = _pos;
        _pos += 2;
        if (_pos >= _s.Length || !IsNameStart(_s, _pos)) Fail(start, "'<?' is not followed by a processing-instruction name");
        var target = Name();
        if (target.Equals("xml", StringComparison.OrdinalIgnoreCase))
            Fail(start, "an XML declaration (<?xml …?>) is only allowed at the very start of a document; remove it from the reply");
        var end = _s.IndexOf("?>", _pos, StringComparison.Ordinal);
        if (end < 0) Fail(start, "a processing instruction '<?' is never closed with '?>'");
        if (end != _pos && !IsSpace(_s[_pos])) Fail(_pos, $"unexpected {Shown(_pos)} after the processing-instruction name '{target}'");
        CheckChars(_pos, end);
        _pos = end + 2;
    }
}
