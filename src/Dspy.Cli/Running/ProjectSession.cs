using System.Reflection;
using Dspy.Cli.Projects;
using Dspy.Fluent;
using Microsoft.Extensions.AI;

namespace Dspy.Cli.Running;

/// <summary>What <c>dspy compile</c> and <c>dspy eval</c> share: the built project, the chosen program and metric, the LM and the data.</summary>
internal sealed class ProjectSession : IDisposable
{
    private ProjectSession(MarkedProgram program, object instance, string metricName, IMetric metric, IChatClient lm, IReadOnlyList<Example> data, string projectFolder)
    {
        Program = program;
        Instance = instance;
        MetricName = metricName;
        Metric = metric;
        LM = lm;
        Data = data;
        ProjectFolder = projectFolder;
    }

    public MarkedProgram Program { get; }

    /// <summary>The <c>Program&lt;TIn, TOut&gt;</c> the factory built.</summary>
    public object Instance { get; }

    public string MetricName { get; }

    public IMetric Metric { get; }

    public IChatClient LM { get; }

    public IReadOnlyList<Example> Data { get; }

    public string ProjectFolder { get; }

    public static async Task<ProjectSession> OpenAsync(ProjectArguments args, TextWriter log, CancellationToken cancellationToken)
    {
        // The LM spec is checked before the build, so a typo costs no build time.
        LMSpec spec;
        try
        {
            spec = LMSpec.Parse(args.LM);
        }
        catch (LMSpecFormatException e)
        {
            throw new ToolInputException($"--lm: {e.Message}", e);
        }
        var project = ProjectBuilder.Resolve(args.Project);
        var dll = await ProjectBuilder.BuildAsync(project, args.Configuration, !args.NoBuild, log, cancellationToken).ConfigureAwait(false);
        var marked = MarkedMembers.Find(ProjectLoadContext.Load(dll));
        var program = marked.Program(args.ProgramName);
        var metricName = args.Metric ?? program.Metric ?? "exact_match";
        var metric = marked.Metric(metricName);
        var data = await DataFiles.LoadAsync(args.Data, program.Inputs, cancellationToken).ConfigureAwait(false);
        var instance = MarkedMembers.Create(program);
        IChatClient lm;
        try
        {
            lm = spec.CreateClient();
        }
        catch (LMConnectionException e)
        {
            throw new ToolInputException($"--lm {spec}: {e.Message}", e);
        }
        await log.WriteLineAsync($"Program {program.Name} ({program.Location}), metric {metricName}, {data.Count} examples from {args.Data}, LM {spec}").ConfigureAwait(false);
        return new ProjectSession(program, instance, metricName, metric, lm, data, Path.GetDirectoryName(project)!);
    }

    /// <summary>Calls <c>body&lt;TIn, TOut&gt;</c> with the program's own type arguments.</summary>
    public Task<T> WithTypesAsync<T>(MethodInfo genericBody, params object?[] args)
    {
        var types = MarkedMembers.ProgramTypes(Instance.GetType())!;
        try
        {
            return (Task<T>)genericBody.MakeGenericMethod(types).Invoke(null, [this, .. args])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
            throw;
        }
    }

    public void Dispose() => LM.Dispose();
}
