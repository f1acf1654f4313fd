namespace Dspy.Fluent.FSharp

/// <summary>The <c>program { … }</c> and <c>step { … }</c> computation expressions; opened with <c>open Dspy.Fluent.FSharp</c>.</summary>
/// <example>
/// <code>
/// open Dspy.Fluent
/// open Dspy.Fluent.FSharp
///
/// let qa = Predict.Create("qa", "question -> answer")
/// let answer : Program&lt;Example, string&gt; =
///     program {
///         let! question = Program.input
///         let! prediction = qa.Call question
///         return prediction.GetText "answer"
///     }
/// </code>
/// </example>
[<AutoOpen>]
module Builders =
    /// <summary>Builds a <c>Program&lt;'In, 'Out&gt;</c> from programs and steps (see <see cref="T:Dspy.Fluent.FSharp.ProgramBuilder"/>).</summary>
    /// <example><code>let length : Program&lt;string, int&gt; = program { let! q = Program.input in return q.Length }</code></example>
    let program = ProgramBuilder()

    /// <summary>Builds a <c>Step&lt;'T&gt;</c> from steps (see <see cref="T:Dspy.Fluent.FSharp.StepBuilder"/>).</summary>
    /// <example><code>let twice (q: Example) = step { let! a = qa.Call q and! b = qa.Call q in return a, b }</code></example>
    let step = StepBuilder()
