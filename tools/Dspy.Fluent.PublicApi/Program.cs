// Checks an assembly's public surface against PublicAPI.Shipped.txt + PublicAPI.Unshipped.txt in its project folder,
// the files Roslyn's PublicApiAnalyzers keep for C#, for projects that analyzer cannot see (F#). PublicApi.targets runs
// it after every build; a difference is printed as MSBuild errors, so an undeclared API change fails the build.
//
//   dotnet Dspy.Fluent.PublicApi.dll <assembly.dll> <project folder> [--update]
//
// --update rewrites PublicAPI.Unshipped.txt to match the assembly (what a reviewer then sees in the diff) and never
// touches PublicAPI.Shipped.txt: a shipped line that is gone is kept as *REMOVED*<line> in the unshipped file.
using Dspy.Fluent.PublicApi;

if (args.Length is < 2 or > 3 || (args.Length == 3 && args[2] != "--update"))
{
    Console.Error.WriteLine("usage: Dspy.Fluent.PublicApi <assembly.dll> <project folder> [--update]");
    return 2;
}

var assembly = Path.GetFullPath(args[0]);
var folder = Path.GetFullPath(args[1]);
var update = args.Length == 3;
if (!File.Exists(assembly))
{
    Console.Error.WriteLine($"{assembly}: error DSPYAPI000: the assembly to check does not exist.");
    return 2;
}

var actual = PublicSurface.Of(assembly);
var shipped = Baseline.Read(Path.Combine(folder, Baseline.ShippedFile));
var unshipped = Baseline.Read(Path.Combine(folder, Baseline.UnshippedFile));

if (update)
{
    var written = Baseline.Update(shipped, unshipped, actual);
    Console.WriteLine($"{unshipped.Path}: {written.Added} line(s) added, {written.Removed} removed.");
    return 0;
}

var problems = Baseline.Compare(shipped, unshipped, actual);
foreach (var problem in problems) Console.WriteLine(problem);
if (problems.Count > 0)
    Console.WriteLine($"{unshipped.Path}: error DSPYAPI000: the public API of {Path.GetFileName(assembly)} differs from its baseline in {problems.Count} line(s). " +
        "Review the change, then build with -p:UpdatePublicApi=true to write it to PublicAPI.Unshipped.txt.");
return problems.Count == 0 ? 0 : 1;
