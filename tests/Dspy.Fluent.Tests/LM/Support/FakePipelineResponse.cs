using System.ClientModel.Primitives;
using System.Diagnostics.CodeAnalysis;

namespace Dspy.Fluent.Tests;

/// <summary>A raw HTTP response as the OpenAI SDK wraps it in a <c>ClientResultException</c>: a status, headers and a JSON body.</summary>
internal sealed class FakePipelineResponse(int status, string body, params (string Name, string Value)[] headers) : PipelineResponse
{
    private Stream? _content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body));

    public override int Status => status;

    public override string ReasonPhrase => status == 429 ? "Too Many Requests" : "Error";

    public override Stream? ContentStream { get => _content; set => _content = value; }

    public override BinaryData Content => BinaryData.FromString(body);

    protected override PipelineResponseHeaders HeadersCore => new FakeHeaders(headers);

    public override BinaryData BufferContent(CancellationToken cancellationToken = default) => Content;

    public override ValueTask<BinaryData> BufferContentAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(Content);

    public override void Dispose() => _content?.Dispose();

    private sealed class FakeHeaders((string Name, string Value)[] values) : PipelineResponseHeaders
    {
        public override IEnumerator<KeyValuePair<string, string>> GetEnumerator() =>
            values.Select(v => new KeyValuePair<string, string>(v.Name, v.Value)).GetEnumerator();

        public override bool TryGetValue(string name, [NotNullWhen(true)] out string? value)
        {
            value = values.Where(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase)).Select(v => v.Value).FirstOrDefault();
            return value is not null;
        }

        public override bool TryGetValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values2)
        {
            values2 = values.Where(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase)).Select(v => v.Value).ToArray();
            return values2.Any();
        }
    }
}
