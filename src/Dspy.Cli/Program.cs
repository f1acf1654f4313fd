using System.CommandLine;
using Dspy.Cli;

// Exit codes follow `git diff --exit-code`: 0 equal, 1 different, 2 for usage errors and unreadable files. System.CommandLine
// reports its own parse errors as 1, which would read as "programs differ", so they are mapped to 2 here.
var root = Commands.Create();
var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors) Console.Error.WriteLine($"dspy: {error.Message}");
    Console.Error.WriteLine("Run 'dspy --help' for usage.");
    return Commands.ErrorExit;
}
return await parse.InvokeAsync();
