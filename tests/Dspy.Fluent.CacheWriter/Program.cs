using Dspy.Fluent;
// Child process for Dspy.Fluent.Tests' SQLite cache tests.
//   write <db> <prefix> <count>        writes <count> entries "<prefix>-<i>" straight into the store, then prints "done".
//   calls <db> <count> <holdAfter>     makes <count> distinct LM calls through the cache; after <holdAfter> of them it prints
//                                      "holding" and waits on stdin, so the test can kill it at a known point.
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;

var mode = args[0];
var db = args[1];
using var store = SqliteLMCache.Open(db);
if (mode == "write")
{
    var prefix = args[2];
    var count = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
    for (var i = 0; i < count; i++)
        await store.SetAsync($"{prefix}-{i}", System.Text.Encoding.UTF8.GetBytes($"{prefix} value {i}"), new DistributedCacheEntryOptions());
    Console.WriteLine("done");
    return 0;
}
if (mode == "calls")
{
    var count = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
    var holdAfter = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
    var lm = ScriptedChatClient.RawInOrder("answer");
    using var client = new ChatClientBuilder(lm).UseDspyCache(store).Build();
    for (var i = 0; i < count; i++)
    {
        if (i == holdAfter)
        {
            Console.WriteLine("holding");
            Console.In.ReadLine();
        }
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, $"question {i}")]);
        Console.WriteLine($"call {i}");
    }
    Console.WriteLine("done");
    return 0;
}
Console.Error.WriteLine($"unknown mode {mode}");
return 2;
