using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Dspy.Fluent;

/// <summary>
/// The LM pipeline <c>AddDspy</c> builds from <see cref="DspyOptions"/>, held by the container so it is disposed (with
/// the connector's HTTP client and any cache file) when the application stops.
/// </summary>
internal sealed class DspyLM : IDisposable
{
    public DspyLM(IOptions<DspyOptions> options, DspyRegistrations registrations, IServiceProvider services)
    {
        // Reading Value runs the validator: a configuration problem is reported in full before anything connects.
        var o = options.Value;
        Spec = string.IsNullOrWhiteSpace(o.Lm) ? null : o.Lm.Trim();
        Client = Build(o, registrations, services);
        Settings = new LMSettings { Client = Client, Temperature = o.Temperature, MaxTokens = o.MaxTokens };
    }

    /// <summary>The configured spec, or null when the application's registered client is used.</summary>
    public string? Spec { get; }

    public IChatClient Client { get; }

    public LMSettings Settings { get; }

    public void Dispose() => Client.Dispose();

    /// <summary>The content root a relative path in configuration is resolved against.</summary>
    public static string ContentRoot(IServiceProvider services) =>
        services.GetService<IHostEnvironment>()?.ContentRootPath is { Length: > 0 } root ? root : Directory.GetCurrentDirectory();

    private static IChatClient Build(DspyOptions o, DspyRegistrations registrations, IServiceProvider services)
    {
        IChatClient provider;
        if (string.IsNullOrWhiteSpace(o.Lm))
        {
            provider = new NonOwningChatClient(services.GetRequiredService<IChatClient>());
        }
        else
        {
            var key = string.IsNullOrWhiteSpace(o.ApiKey) ? null : o.ApiKey.Trim();
            var connect = LMConnectOptions.Default with { RequestTimeout = o.RequestTimeout };
            if (key is not null) connect = connect with { ApiKey = _ => key };
            connect = registrations.ConnectOptions(connect);
            provider = LMSpec.Parse(o.Lm, connect).CreateClient(connect);
            if (key is not null)
            {
                // The connector registers the key with its client's redactor; this makes the masking independent of
                // how well a third-party connector does that.
                provider = new ChatClientBuilder(provider).UseSecretRedactor(new SecretRedactor().AddSecret(key)).Build(services);
            }
        }

        // ChatClientBuilder makes the first stage added the outermost. Telemetry and logging outermost see every call,
        // hits as hits; the cache before the concurrency limit, so a hit takes no slot; retries inside the limit, so a
        // call backing off keeps its slot; the rate limit inside retries, so every attempt takes a permit; the timeout
        // innermost, so it covers one provider attempt. Retries stay even at one attempt: that stage is what reports a
        // failure with its cause and masks secrets in it.
        try
        {
            return Stages(new ChatClientBuilder(provider), o, services).Build(services);
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    private static ChatClientBuilder Stages(ChatClientBuilder builder, DspyOptions o, IServiceProvider services)
    {
        if (o.Telemetry) builder.UseDspyOpenTelemetry();
        if (o.Logging) builder.UseDspyLogging();
        builder.UseConfiguredCache(o.Cache ?? new(), ContentRoot(services));
        if (o.Concurrency is { } concurrency) builder.Use(inner => new ConcurrencyLimitingChatClient(inner, concurrency));
        var retries = o.Retries ?? new();
        builder.UseLMRetries(r =>
        {
            r.MaxAttempts = retries.MaxAttempts;
            r.BaseDelay = retries.BaseDelay;
            r.MaxDelay = retries.MaxDelay;
            r.MaxTotalWait = retries.MaxTotalWait;
        });
        if (o.RateLimit is { RequestsPerMinute: not null } or { TokensPerMinute: not null })
            builder.UseLMRateLimit(new LMRateLimit { RequestsPerMinute = o.RateLimit.RequestsPerMinute, TokensPerMinute = o.RateLimit.TokensPerMinute, TimeProvider = services.GetService<TimeProvider>() });
        if (o.CallTimeout is { } timeout) builder.UseLMTimeout(timeout);
        return builder;
    }
}
