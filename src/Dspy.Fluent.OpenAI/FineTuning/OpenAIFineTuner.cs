using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dspy.Fluent;

/// <summary>
/// Fine-tunes through an OpenAI-compatible API: uploads the JSONL (<c>POST /files</c>, purpose <c>fine-tune</c>),
/// starts a job (<c>POST /fine_tuning/jobs</c>) and polls it (<c>GET /fine_tuning/jobs/{id}</c>) with doubling waits
/// until it succeeds, fails or is cancelled.
/// </summary>
/// <remarks>The API key travels only in the <c>Authorization</c> header: error messages quote the provider's reply, never
/// the request headers. Waiting runs on <see cref="OpenAIFineTunerOptions.TimeProvider"/>.</remarks>
/// <example>
/// <code>
/// using var tuner = new OpenAIFineTuner(new OpenAIFineTunerOptions { Endpoint = new Uri("https://api.openai.com/v1"), ApiKey = key });
/// var model = await tuner.FineTuneAsync(new FineTuneRequest("gpt-4.1-mini-2025-04-14", data));
/// </code>
/// </example>
public sealed class OpenAIFineTuner : IFineTuner, IDisposable
{
    private readonly OpenAIFineTunerOptions _options;
    private readonly HttpClient _http;
    private readonly SecretRedactor _redactor = new();
    private readonly bool _ownsClient;
    private readonly string _base;

    /// <summary>Creates the fine-tuner.</summary>
    /// <param name="options">Endpoint, key and polling.</param>
    /// <exception cref="ArgumentException">Poll intervals that are not positive, or a maximum below the initial one.</exception>
    public OpenAIFineTuner(OpenAIFineTunerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Endpoint);
        if (options.InitialPollInterval <= TimeSpan.Zero || options.MaxPollInterval < options.InitialPollInterval)
            throw new ArgumentException("OpenAIFineTunerOptions: InitialPollInterval must be positive and MaxPollInterval at least as long.", nameof(options));
        _options = options;
        // Registered so that no error text this library writes (including quoted provider replies) can carry it.
        if (options.ApiKey is { Length: > 0 } key) _redactor.AddSecret(key);
        _ownsClient = options.HttpClient is null;
        _http = options.HttpClient ?? new HttpClient();
        _base = options.Endpoint.ToString().TrimEnd('/');
    }

    /// <inheritdoc />
    public string Name => "openai-compatible";

    /// <inheritdoc />
    public async Task<FineTunedModel> FineTuneAsync(FineTuneRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var jsonl = request.Data.ToJsonl();
        var fileId = await UploadAsync(jsonl, cancellationToken).ConfigureAwait(false);

        var create = new JsonObject { ["model"] = request.BaseModel, ["training_file"] = fileId };
        if (request.Suffix is { } suffix) create["suffix"] = suffix;
        if (request.Seed is { } seed) create["seed"] = seed;
        var job = await SendAsync(HttpMethod.Post, "/fine_tuning/jobs", new StringContent(create.ToJsonString(), Encoding.UTF8, "application/json"),
            "start the fine-tuning job", cancellationToken).ConfigureAwait(false);
        var jobId = Text(job, "id") ?? throw new FineTuneJobFailedException("", "unknown", $"The fine-tuning API at {_base} answered the job request without a job id.");

        var statuses = new List<string>();
        var started = _options.TimeProvider.GetUtcNow();
        var wait = _options.InitialPollInterval;
        while (true)
        {
            var status = Text(job, "status") ?? "unknown";
            if (statuses.Count == 0 || statuses[^1] != status) statuses.Add(status);
            var error = job["error"] is JsonObject e ? Text(e, "message") : null;
            request.Progress?.Report(new FineTuneStatus(jobId, status, error));
            switch (status)
            {
                case "succeeded":
                    var model = Text(job, "fine_tuned_model")
                        ?? throw new FineTuneJobFailedException(jobId, status, $"Fine-tuning job {jobId} succeeded but named no fine_tuned_model.");
                    return new FineTunedModel(model, request.BaseModel, jobId, Simulated: false) { Statuses = statuses, Examples = request.Data.Count };
                case "failed" or "cancelled":
                    throw new FineTuneJobFailedException(jobId, status,
                        $"Fine-tuning job {jobId} ({request.BaseModel}, {request.Data.Count} examples) {status}: {error ?? "the provider gave no reason"}. " +
                        "Check the training data and the job in the provider's dashboard, then compile again.");
            }
            if (_options.TimeProvider.GetUtcNow() - started + wait > _options.MaxWait)
                throw new FineTuneJobFailedException(jobId, status,
                    $"Fine-tuning job {jobId} is still '{status}' after {_options.MaxWait}; stopped waiting (the job was not cancelled). Raise MaxWait or check it later.");
            await Task.Delay(wait, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, _options.MaxPollInterval.Ticks));
            job = await SendAsync(HttpMethod.Get, $"/fine_tuning/jobs/{Uri.EscapeDataString(jobId)}", null, $"read fine-tuning job {jobId}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Disposes the HTTP client when this fine-tuner created it.</summary>
    public void Dispose()
    {
        if (_ownsClient) _http.Dispose();
    }

    private async Task<string> UploadAsync(string jsonl, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("fine-tune"), "purpose");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(jsonl));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        form.Add(file, "file", "dspy-fluent-training.jsonl");
        var uploaded = await SendAsync(HttpMethod.Post, "/files", form, "upload the training file", cancellationToken).ConfigureAwait(false);
        return Text(uploaded, "id") ?? throw new FineTuneJobFailedException("", "upload", $"The fine-tuning API at {_base} answered the upload without a file id.");
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, HttpContent? content, string what, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(method, _base + path) { Content = content };
        if (_options.ApiKey is { Length: > 0 } key) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"Could not {what}: {_base}{path} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Excerpt(body)}",
                null, response.StatusCode);
        try
        {
            return JsonNode.Parse(body) as JsonObject ?? throw new JsonException("not a JSON object");
        }
        catch (JsonException e)
        {
            throw new HttpRequestException($"Could not {what}: {_base}{path} answered with something other than a JSON object: {Excerpt(body)}", e);
        }
    }

    private static string? Text(JsonObject node, string property) => node[property] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private string Excerpt(string body) => _redactor.Redact(body.Length <= 300 ? body : body[..300] + "…");
}
