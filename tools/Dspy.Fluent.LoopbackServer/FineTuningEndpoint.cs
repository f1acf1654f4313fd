using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Dspy.Fluent.Loopback;

/// <summary>
/// A fake of OpenAI's fine-tuning API: <c>POST /v1/files</c> (multipart, purpose <c>fine-tune</c>), <c>POST
/// /v1/fine_tuning/jobs</c> and <c>GET /v1/fine_tuning/jobs/{id}</c>. Each status poll moves a job along queued → running →
/// succeeded (or failed), and a training file that is not valid chat JSONL fails its job as OpenAI's validation would.
/// </summary>
internal sealed class FineTuningEndpoint(LoopbackFineTuning plan)
{
    private readonly ConcurrentDictionary<string, string> _files = new();
    private readonly ConcurrentDictionary<string, Job> _jobs = new();
    private int _ids;

    public IReadOnlyList<string> Files => _files.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value).ToList();

    public async Task UploadAsync(HttpContext http)
    {
        if (!await AuthorizedAsync(http).ConfigureAwait(false)) return;
        if (!http.Request.HasFormContentType)
        {
            await ErrorAsync(http, 400, "Upload the file as multipart/form-data with fields 'purpose' and 'file'.").ConfigureAwait(false);
            return;
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        if (form["purpose"] != "fine-tune" || form.Files["file"] is not { } file)
        {
            await ErrorAsync(http, 400, "A fine-tuning upload needs purpose=fine-tune and a 'file' part.").ConfigureAwait(false);
            return;
        }
        using var reader = new StreamReader(file.OpenReadStream());
        var id = $"file-loopback-{Interlocked.Increment(ref _ids)}";
        _files[id] = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        await JsonAsync(http, 200, new JsonObject { ["id"] = id, ["object"] = "file", ["purpose"] = "fine-tune", ["filename"] = file.FileName, ["bytes"] = file.Length })
            .ConfigureAwait(false);
    }

    public async Task CreateAsync(HttpContext http)
    {
        if (!await AuthorizedAsync(http).ConfigureAwait(false)) return;
        var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false) as JsonObject;
        var model = body?["model"]?.GetValue<string>();
        var fileId = body?["training_file"]?.GetValue<string>();
        if (model is null || fileId is null || !_files.TryGetValue(fileId, out var content))
        {
            await ErrorAsync(http, 400, "A job needs 'model' and the id of an uploaded 'training_file'.").ConfigureAwait(false);
            return;
        }
        var id = $"ftjob-loopback-{Interlocked.Increment(ref _ids)}";
        var job = new Job(id, model, body?["suffix"]?.GetValue<string>(), Validate(content) ?? plan.FailWith);
        _jobs[id] = job;
        await JsonAsync(http, 200, job.Describe(plan, poll: false)).ConfigureAwait(false);
    }

    public async Task GetAsync(HttpContext http, string id)
    {
        if (!await AuthorizedAsync(http).ConfigureAwait(false)) return;
        if (!_jobs.TryGetValue(id, out var job))
        {
            await ErrorAsync(http, 404, $"No fine-tuning job '{id}'.").ConfigureAwait(false);
            return;
        }
        await JsonAsync(http, 200, job.Describe(plan, poll: true)).ConfigureAwait(false);
    }

    /// <summary>OpenAI's checks of a chat training file, in short: every line a JSON object with messages that end with the assistant.</summary>
    private static string? Validate(string content)
    {
        var lines = content.Split('\n').Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count == 0) return "Invalid file format: the training file is empty.";
        for (var i = 0; i < lines.Count; i++)
        {
            try
            {
                using var doc = JsonDocument.Parse(lines[i]);
                if (!doc.RootElement.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
                    return $"Invalid file format: line {i + 1} has no messages.";
                var last = messages[messages.GetArrayLength() - 1];
                if (!last.TryGetProperty("role", out var role) || role.GetString() != "assistant")
                    return $"Invalid file format: line {i + 1} does not end with an assistant message.";
            }
            catch (JsonException)
            {
                return $"Invalid file format: line {i + 1} is not valid JSON.";
            }
        }
        return null;
    }

    private async Task<bool> AuthorizedAsync(HttpContext http)
    {
        if (plan.ApiKey is null || http.Request.Headers.Authorization == $"Bearer {plan.ApiKey}") return true;
        await ErrorAsync(http, 401, "Incorrect API key provided.").ConfigureAwait(false);
        return false;
    }

    private static Task ErrorAsync(HttpContext http, int status, string message) =>
        JsonAsync(http, status, new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = "invalid_request_error" } });

    private static Task JsonAsync(HttpContext http, int status, JsonNode body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(body.ToJsonString(WireJson.Options), http.RequestAborted);
    }

    private sealed class Job(string id, string model, string? suffix, string? failure)
    {
        private int _polls;

        public JsonObject Describe(LoopbackFineTuning plan, bool poll)
        {
            var polls = poll ? Interlocked.Increment(ref _polls) : 0;
            var status = polls <= plan.QueuedPolls ? "queued" : polls <= plan.QueuedPolls + plan.RunningPolls ? "running" : failure is null ? "succeeded" : "failed";
            return new JsonObject
            {
                ["id"] = id, ["object"] = "fine_tuning.job", ["model"] = model, ["status"] = status,
                ["fine_tuned_model"] = status == "succeeded" ? $"ft:{model}:loopback:{suffix ?? ""}:{id}" : null,
                ["error"] = status == "failed" ? new JsonObject { ["code"] = "invalid_training_file", ["message"] = failure } : null,
            };
        }
    }
}
