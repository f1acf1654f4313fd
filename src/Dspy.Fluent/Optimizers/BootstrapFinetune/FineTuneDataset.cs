using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>
/// Chat-format fine-tuning data in OpenAI's JSONL shape: one <c>{"messages": [{"role": …, "content": …}, …]}</c> per
/// line, each ending with the assistant turn to learn. Checked on creation, so a bad file fails here with the line
/// number instead of hours later at the provider.
/// </summary>
/// <example>
/// <code>
/// var data = FineTuneDataset.FromChats([[new ChatMessage(ChatRole.User, "2+2?"), new ChatMessage(ChatRole.Assistant, "4")]]);
/// await data.SaveAsync("train.jsonl");
/// </code>
/// </example>
public sealed class FineTuneDataset
{
    private static readonly HashSet<string> Roles = ["system", "user", "assistant"];

    private FineTuneDataset(IReadOnlyList<IReadOnlyList<ChatMessage>> chats) => Chats = chats;

    /// <summary>The conversations, in file order.</summary>
    public IReadOnlyList<IReadOnlyList<ChatMessage>> Chats { get; }

    /// <summary>How many training examples (lines) there are.</summary>
    public int Count => Chats.Count;

    /// <summary>Data from conversations (system, user and assistant messages with text).</summary>
    /// <param name="chats">The conversations; each must end with an assistant message.</param>
    /// <exception cref="FormatException">A conversation is empty, has another role, empty text, or no final assistant turn.</exception>
    public static FineTuneDataset FromChats(IEnumerable<IEnumerable<ChatMessage>> chats)
    {
        ArgumentNullException.ThrowIfNull(chats);
        var list = chats.Select(c => (IReadOnlyList<ChatMessage>)c.ToArray()).ToList();
        for (var i = 0; i < list.Count; i++) Check(list[i].Select(m => (m.Role.Value, (string?)m.Text)).ToList(), i + 1);
        return new FineTuneDataset(list);
    }

    /// <summary>Reads JSONL text in OpenAI's chat fine-tuning format.</summary>
    /// <param name="jsonl">One JSON object per line; blank lines are skipped.</param>
    /// <exception cref="FormatException">A line is not valid JSON or not in the format; the message names the line.</exception>
    public static FineTuneDataset FromJsonl(string jsonl)
    {
        ArgumentNullException.ThrowIfNull(jsonl);
        var chats = new List<IReadOnlyList<ChatMessage>>();
        var number = 0;
        foreach (var line in jsonl.Split('\n'))
        {
            number++;
            if (line.Trim().Length == 0) continue;
            List<(string Role, string? Content)> messages;
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("messages", out var m) || m.ValueKind != JsonValueKind.Array)
                    throw new FormatException($"Line {number} of the fine-tuning data has no \"messages\" array.");
                messages = m.EnumerateArray().Select(e => (
                    e.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "",
                    e.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null)).ToList();
            }
            catch (JsonException e)
            {
                throw new FormatException($"Line {number} of the fine-tuning data is not valid JSON: {e.Message}", e);
            }
            Check(messages, number);
            chats.Add(messages.Select(x => new ChatMessage(new ChatRole(x.Role), x.Content)).ToArray());
        }
        return new FineTuneDataset(chats);
    }

    /// <summary>The data as JSONL text, one conversation per line, "\n" line ends.</summary>
    public string ToJsonl()
    {
        var sb = new StringBuilder();
        foreach (var chat in Chats) sb.Append(Line(chat)).Append('\n');
        return sb.ToString();
    }

    /// <summary>Writes <see cref="ToJsonl"/> to <paramref name="path"/> (UTF-8, no byte order mark).</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, ToJsonl(), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
    }

    private static string Line(IReadOnlyList<ChatMessage> chat)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartArray("messages");
            foreach (var m in chat)
            {
                w.WriteStartObject();
                w.WriteString("role", m.Role.Value);
                w.WriteString("content", m.Text);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Check(IReadOnlyList<(string Role, string? Content)> messages, int line)
    {
        if (messages.Count == 0) throw new FormatException($"Line {line} of the fine-tuning data has no messages.");
        for (var i = 0; i < messages.Count; i++)
        {
            if (!Roles.Contains(messages[i].Role))
                throw new FormatException($"Line {line}, message {i + 1}: the role '{messages[i].Role}' is not one of system, user, assistant.");
            if (string.IsNullOrEmpty(messages[i].Content))
                throw new FormatException($"Line {line}, message {i + 1} ({messages[i].Role}) has no text content.");
        }
        if (messages[^1].Role != "assistant")
            throw new FormatException($"Line {line} of the fine-tuning data does not end with an assistant message (the turn to learn).");
    }
}
