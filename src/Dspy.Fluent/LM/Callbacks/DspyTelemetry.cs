namespace Dspy.Fluent;

/// <summary>
/// The names to listen to for this library's own spans: one per run (<c>dspy.run</c>), module (<c>dspy.module</c>),
/// predictor call (<c>dspy.predictor</c>), adapter format and parse (<c>dspy.adapter.format</c>/<c>.parse</c>), tool call
/// (<c>execute_tool</c>) and evaluation (<c>dspy.evaluate</c>), nested as the calls are.
/// </summary>
/// <remarks>
/// <para>The LM call itself is M.E.AI's <c>chat {model}</c> span: build the client with <c>UseDspyOpenTelemetry</c> and listen
/// to its source too, and it nests under the predictor span. The predictor span carries the GenAI attributes that apply to it
/// (<c>gen_ai.request.model</c>, <c>gen_ai.response.model</c>, <c>gen_ai.provider.name</c>, <c>gen_ai.usage.input_tokens</c>/<c>output_tokens</c>
/// summed over its LM calls) and tool spans follow the GenAI <c>execute_tool</c> convention.</para>
/// <para>Inputs and outputs (<c>dspy.input</c>, <c>dspy.output</c>, <c>gen_ai.tool.call.arguments</c>/<c>result</c>) are recorded
/// only with <see cref="LMSettings.RecordInputsAndOutputs"/>; they, and every error message, are masked with the client's
/// <see cref="SecretRedactor"/>. Without a listener or a callback the instrumentation costs a check per call.</para>
/// </remarks>
/// <example>
/// <code>
/// using var tracing = Sdk.CreateTracerProviderBuilder()
///     .AddSource(DspyTelemetry.SourceName, "Experimental.Microsoft.Extensions.AI").AddConsoleExporter().Build();
/// </code>
/// </example>
public static class DspyTelemetry
{
    /// <summary>The <c>ActivitySource</c> name of the run, module, predictor, adapter, tool and evaluation spans.</summary>
    public const string SourceName = "Dspy.Fluent";
}
