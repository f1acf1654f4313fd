namespace Dspy.Fluent;

/// <summary>What a <see cref="DspyCallStart"/>/<see cref="DspyCallEnd"/> pair is about: DSPy's callback events, plus the run.</summary>
/// <remarks>Corresponds to the handler families of <c>dspy.utils.callback.BaseCallback</c>.</remarks>
/// <example><code>if (call.Kind == DspyCallKind.LM) Console.WriteLine($"LM call to {call.Name}");</code></example>
public enum DspyCallKind
{
    /// <summary>A program run started with <c>RunAsync</c> or <c>TryRunAsync</c>. Input: the program input; output: its output.</summary>
    Run,

    /// <summary>A module (ReAct, BestOfN, Refine, your own <c>Program</c> subclass) running inside a run: DSPy's <c>on_module_start/end</c>. Input and output: the module's.</summary>
    Module,

    /// <summary>One predictor call, fallback included (DSPy reports <c>Predict</c> as a module). Input: the <see cref="Example"/> sent; output: the <see cref="Prediction"/>.</summary>
    Predictor,

    /// <summary>One request to the LM: DSPy's <c>on_lm_start/end</c>. Name: the requested model, or <c>lm</c>. Input: the chat messages; output: the <c>ChatResponse</c>.</summary>
    LM,

    /// <summary>The adapter building the prompt: DSPy's <c>on_adapter_format_start/end</c>. Name: the adapter. Input: the inputs <see cref="Example"/>; output: the chat messages.</summary>
    AdapterFormat,

    /// <summary>The adapter reading the reply: DSPy's <c>on_adapter_parse_start/end</c>. Name: the adapter. Input: the reply text; output: the <see cref="Prediction"/>.</summary>
    AdapterParse,

    /// <summary>A tool call (ReAct): DSPy's <c>on_tool_start/end</c>. Name: the tool. Input: its arguments; output: its result.</summary>
    Tool,

    /// <summary>An evaluation: DSPy's <c>on_evaluate_start/end</c>. Input: the devset (a list of <see cref="Example"/>); output: the <see cref="EvaluationResult"/>.</summary>
    Evaluate,

    /// <summary>An optimizer's whole compile (DSPy has no event for it; its trackers wrap <c>compile</c> by hand). Name: the
    /// optimizer. Input: the trainset (a list of <see cref="Example"/>); output: the <c>CompileResult</c>.</summary>
    Compile,

    /// <summary>One trial of a compile: a candidate program run (or evaluated) on a batch of examples through
    /// <see cref="OptimizerRun{TIn, TOut}"/>. Name: <c>trial N</c>, counted from 1 per compile. Input: the examples; output:
    /// the scored runs (or the <see cref="EvaluationResult"/>).</summary>
    Trial,

    /// <summary>A code session starting (CodeAct, RLM): DSPy's <c>on_interpreter_startup_start/end</c>. Name: the language. Input: the host function names; output: the session.</summary>
    InterpreterStartup,

    /// <summary>One piece of code run (CodeAct, RLM, ProgramOfThought): DSPy's <c>on_interpreter_execute_start/end</c>. Name: the language. Input: the code; output: the <see cref="CodeExecutionResult"/>.</summary>
    InterpreterExecute,

    /// <summary>A host function called by the code (a tool, <c>llm_query</c>, <c>SUBMIT</c>): DSPy's <c>on_interpreter_tool_call_start/end</c>. Name: the function. Input: its arguments (JSON values); output: its result.</summary>
    InterpreterToolCall,
}
