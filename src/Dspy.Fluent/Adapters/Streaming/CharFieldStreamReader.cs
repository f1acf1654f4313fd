namespace Dspy.Fluent;

/// <summary>A stream reader that decides the reply one character at a time, then hands out what a chunk made certain.</summary>
internal abstract class CharFieldStreamReader : IFieldStreamReader
{
    public IReadOnlyList<FieldChunk> Read(string text)
    {
        var result = new List<FieldChunk>();
        foreach (var c in text) Step(c, result);
        Flush(result);
        return result;
    }

    public abstract IReadOnlyList<FieldChunk> Complete();

    /// <summary>Reads one character; a field that ends hands out its text into <paramref name="result"/>.</summary>
    private protected abstract void Step(char c, List<FieldChunk> result);

    /// <summary>Hands out the current field's decided text.</summary>
    private protected abstract void Flush(List<FieldChunk> result);
}
