using System.Text;
using LLama;
using LLama.Transformers;
using Microsoft.Extensions.AI;

namespace Dspy.Fluent;

/// <summary>The prompt text for a list of chat messages: the model's own chat template when it has one, else a plain transcript.</summary>
internal sealed record GgufPrompt(string Text, bool ParseSpecialTokens, IReadOnlyList<string> ImplicitStops)
{
    private const string TemplateKey = "tokenizer.chat_template";

    /// <summary>Stops for the plain transcript: a base model tends to go on writing the next turn itself.</summary>
    private static readonly string[] TranscriptStops = ["\nUser:", "\nSystem:"];

    public static GgufPrompt Render(LLamaWeights weights, IReadOnlyList<ChatMessage> messages)
    {
        if (weights.Metadata.TryGetValue(TemplateKey, out var template) && !string.IsNullOrWhiteSpace(template))
        {
            var chat = new LLamaTemplate(weights) { AddAssistant = true };
            foreach (var message in messages) chat.Add(message.Role.Value, message.Text);
            // The template's own markers (<|im_start|>, [INST]…) must become special tokens, not text.
            return new GgufPrompt(PromptTemplateTransformer.ToModelPrompt(chat), ParseSpecialTokens: true, []);
        }

        // No template (base models, test models): a transcript most models continue sensibly. Message text stays plain
        // text, so a prompt can never smuggle in control tokens.
        var text = new StringBuilder();
        foreach (var message in messages)
        {
            var role = message.Role == ChatRole.System ? "System" : message.Role == ChatRole.Assistant ? "Assistant" : "User";
            text.Append(role).Append(": ").Append(message.Text).Append("\n\n");
        }
        text.Append("Assistant:");
        return new GgufPrompt(text.ToString(), ParseSpecialTokens: false, TranscriptStops);
    }
}
