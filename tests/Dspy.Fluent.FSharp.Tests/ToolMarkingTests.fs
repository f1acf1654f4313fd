module Dspy.Fluent.FSharp.Tests.ToolMarkingTests

open System.Reflection
open Dspy.Fluent
open Xunit

/// What an F# user writes for `dspy compile --program qa`: a module function taking unit, and a metric value.
[<DspyProgram("qa", Metric = "lenient", Inputs = "question")>]
let qa () : Program<Example, Prediction> = Predict.ChainOfThought("qa", "question -> answer")

[<DspyMetric("lenient")>]
let lenient : IMetric = Metrics.ExactMatchOrF1 0.5

type private Marker = class end

/// The module's compiled class, which is what the tool's discovery walks.
let private moduleType = typeof<Marker>.DeclaringType

[<Fact>]
let ``A module function taking unit is the public static parameterless method the dspy tool calls`` () =
    let factory = moduleType.GetMethod("qa", BindingFlags.Public ||| BindingFlags.Static)

    let mark = factory.GetCustomAttribute<DspyProgramAttribute>()

    Assert.Empty(factory.GetParameters())
    Assert.Equal(typeof<Program<Example, Prediction>>, factory.ReturnType)
    Assert.Equal(("qa", "lenient", "question"), (mark.Name, mark.Metric, mark.Inputs))

[<Fact>]
let ``A module value marked as a metric is a public static property returning the IMetric`` () =
    let metric = moduleType.GetProperty("lenient", BindingFlags.Public ||| BindingFlags.Static)

    let mark = metric.GetCustomAttribute<DspyMetricAttribute>()

    Assert.Equal("lenient", mark.Name)
    Assert.Equal((Metrics.ExactMatchOrF1 0.5).Name, (metric.GetValue(null) :?> IMetric).Name)
