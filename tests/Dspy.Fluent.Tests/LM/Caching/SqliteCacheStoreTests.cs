using System.Diagnostics;
using System.Reflection;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;

namespace Dspy.Fluent.Tests;

public sealed class SqliteCacheStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dspy-sqlite-").FullName;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string DbPath => Path.Combine(_dir, "cache.sqlite");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_second_store_on_the_same_file_sees_the_first_ones_entries()
    {
        using (var first = SqliteLMCache.Open(DbPath))
            await first.SetAsync("k", "v"u8.ToArray(), new DistributedCacheEntryOptions(), Ct);

        using var second = SqliteLMCache.Open(DbPath);
        var value = await second.GetAsync("k", Ct);

        Assert.Equal("v"u8.ToArray(), value);
    }

    [Fact]
    public async Task A_pipeline_over_a_reopened_file_answers_from_the_first_pipelines_calls()
    {
        var firstLM = FakeChatClient.Counting();
        using (var first = new ChatClientBuilder(firstLM).UseDspyCache(SqliteLMCache.Open(DbPath)).Build())
            await first.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], null, Ct);

        var secondLM = FakeChatClient.Counting();
        using var store = SqliteLMCache.Open(DbPath);
        using var second = new ChatClientBuilder(secondLM).UseDspyCache(store).Build();
        var response = await second.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], null, Ct);

        Assert.Equal(0, secondLM.Calls);
        Assert.Equal("reply 0", response.Text);
        Assert.True(DspyChatOptions.IsCacheHit(response));
    }

    [Fact]
    public async Task The_database_runs_in_WAL_mode_so_readers_never_block_writers()
    {
        using var store = SqliteLMCache.Open(DbPath);
        await store.SetAsync("k", [1], new DistributedCacheEntryOptions(), Ct);

        Assert.Equal("wal", Scalar("PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task Eight_concurrent_writer_tasks_each_with_its_own_store_corrupt_nothing()
    {
        const int writers = 8, perWriter = 40;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            using var store = SqliteLMCache.Open(DbPath);
            for (var i = 0; i < perWriter; i++)
                await store.SetAsync($"w{w}-{i}", Encoding.UTF8.GetBytes($"w{w} value {i}"), new DistributedCacheEntryOptions(), Ct);
        }, Ct)));

        using var reader = SqliteLMCache.Open(DbPath);
        for (var w = 0; w < writers; w++)
            for (var i = 0; i < perWriter; i++)
                Assert.Equal($"w{w} value {i}", Encoding.UTF8.GetString((await reader.GetAsync($"w{w}-{i}", Ct))!));
        Assert.Equal("ok", Scalar("PRAGMA integrity_check;"));
    }

    [Fact]
    public async Task Eight_concurrent_writer_processes_corrupt_nothing()
    {
        const int writers = 8, perWriter = 40;

        var children = Enumerable.Range(0, writers).Select(w => StartChild("write", DbPath, $"p{w}", perWriter.ToString())).ToArray();
        var outputs = await Task.WhenAll(children.Select(async c =>
        {
            var output = await c.StandardOutput.ReadToEndAsync(Ct);
            await c.WaitForExitAsync(Ct);
            return (output, c.ExitCode, error: await c.StandardError.ReadToEndAsync(Ct));
        }));

        Assert.All(outputs, o => Assert.True(o.ExitCode == 0 && o.output.Contains("done"), o.error));
        using var reader = SqliteLMCache.Open(DbPath);
        for (var w = 0; w < writers; w++)
            for (var i = 0; i < perWriter; i++)
                Assert.Equal($"p{w} value {i}", Encoding.UTF8.GetString((await reader.GetAsync($"p{w}-{i}", Ct))!));
        Assert.Equal("ok", Scalar("PRAGMA integrity_check;"));
    }

    [Fact]
    public async Task A_run_killed_midway_and_rerun_makes_no_LM_call_for_the_calls_that_finished()
    {
        const int total = 10, finishedBeforeKill = 6;
        using (var child = StartChild("calls", DbPath, total.ToString(), finishedBeforeKill.ToString()))
        {
            string? line;
            var finished = 0;
            while ((line = await child.StandardOutput.ReadLineAsync(Ct)) is not null && line != "holding")
                if (line.StartsWith("call ", StringComparison.Ordinal)) finished++;
            Assert.Equal(finishedBeforeKill, finished);
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync(Ct);
        }

        var lm = ScriptedChatClient.RawInOrder("answer"); // the same provider and model as the child's, so the keys match
        using var store = SqliteLMCache.Open(DbPath);
        using var rerun = new ChatClientBuilder(lm).UseDspyCache(store).Build();
        for (var i = 0; i < total; i++)
            await rerun.GetResponseAsync([new ChatMessage(ChatRole.User, $"question {i}")], null, Ct);

        Assert.Equal(total - finishedBeforeKill, lm.CallCount);
        Assert.Equal(finishedBeforeKill, rerun.GetService<DspyCachingChatClient>()!.Statistics.Hits);
    }

    [Fact]
    public async Task UseDspySqliteCache_without_a_path_opens_the_default_file_under_DSPY_CACHEDIR()
    {
        var previous = Environment.GetEnvironmentVariable(SqliteLMCache.CacheDirectoryVariable);
        Environment.SetEnvironmentVariable(SqliteLMCache.CacheDirectoryVariable, _dir);
        try
        {
            var lm = FakeChatClient.Counting();
            using (var client = new ChatClientBuilder(lm).UseDspySqliteCache().Build())
            {
                await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], null, Ct);
                await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], null, Ct);
            }

            Assert.Equal(Path.Combine(_dir, SqliteLMCache.DefaultFileName), SqliteLMCache.DefaultPath);
            Assert.True(File.Exists(SqliteLMCache.DefaultPath));
            Assert.Equal(1, lm.Calls);
        }
        finally
        {
            Environment.SetEnvironmentVariable(SqliteLMCache.CacheDirectoryVariable, previous);
        }
    }

    private string? Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }

    private static Process StartChild(params string[] args)
    {
        var path = typeof(SqliteCacheStoreTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CacheWriterPath").Value!;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.GetFullPath(path));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the cache writer child process.");
    }
}
