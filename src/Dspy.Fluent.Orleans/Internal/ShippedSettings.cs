using System.Text.Json;

namespace Dspy.Fluent.Orleans.Internal;

/// <summary>
/// The parts of the client's <see cref="LMSettings"/> that decide what a run sends to the LM, without the client
/// itself: each silo talks to its own LM. Optimizers vary these per run (<c>Settings with { Temperature = 1.0,
/// RolloutId = ... }</c>), so they travel with every batch.
/// </summary>
internal sealed record ShippedSettings(string Adapter, bool JsonFallback, float? Temperature, int? MaxTokens, string? Model, string? RolloutId)
{
    /// <summary>What of <paramref name="settings"/> a silo needs; settings that cannot travel are a loud error.</summary>
    public static ShippedSettings From(LMSettings settings)
    {
        if (settings.ChatOptions is not null)
            throw new NotSupportedException(
                "LMSettings.ChatOptions cannot be shipped to Orleans silos (it may hold tools and provider objects); set Temperature, MaxTokens and Model " +
                "on LMSettings instead, or configure the options on each silo's LM.");
        var (adapter, fallback) = settings.Adapter switch
        {
            JsonAdapter => ("json", false),
            XmlAdapter x => ("xml", x.Fallback is not null),
            ChatAdapter c when c.GetType() == typeof(ChatAdapter) => ("chat", c.Fallback is not null),
            var other => throw new NotSupportedException(
                $"The adapter {other.GetType().Name} cannot be shipped to Orleans silos; OrleansExecutor supports ChatAdapter, JsonAdapter and XmlAdapter."),
        };
        return new(adapter, fallback, settings.Temperature, settings.MaxTokens, settings.Model, settings.RolloutId);
    }

    /// <summary>The silo's settings (its LM client, history) with these laid over them.</summary>
    public LMSettings ApplyTo(LMSettings silo) => silo with
    {
        Adapter = (Adapter, JsonFallback) switch
        {
            ("json", _) => JsonAdapter.Default,
            ("xml", true) => XmlAdapter.Default,
            ("xml", false) => new XmlAdapter(useJsonFallback: false),
            ("chat", true) => ChatAdapter.Default,
            ("chat", false) => new ChatAdapter(useJsonFallback: false),
            _ => throw new FormatException($"Unknown adapter '{Adapter}' in the batch."),
        },
        Temperature = Temperature, MaxTokens = MaxTokens, Model = Model, RolloutId = RolloutId,
    };

    public void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("adapter", Adapter);
        w.WriteBoolean("json_fallback", JsonFallback);
        if (Temperature is { } t) w.WriteNumber("temperature", t); else w.WriteNull("temperature");
        if (MaxTokens is { } m) w.WriteNumber("max_tokens", m); else w.WriteNull("max_tokens");
        w.WriteString("model", Model);
        w.WriteString("rollout_id", RolloutId);
        w.WriteEndObject();
    }

    public static ShippedSettings Read(JsonElement e) => new(
        e.GetProperty("adapter").GetString()!, e.GetProperty("json_fallback").GetBoolean(),
        e.GetProperty("temperature") is { ValueKind: JsonValueKind.Number } t ? t.GetSingle() : null,
        e.GetProperty("max_tokens") is { ValueKind: JsonValueKind.Number } m ? m.GetInt32() : null,
        e.GetProperty("model").GetString(), e.GetProperty("rollout_id").GetString());
}
