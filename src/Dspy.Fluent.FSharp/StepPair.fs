namespace Dspy.Fluent.FSharp

open System
open Dspy.Fluent

/// Pairs of steps for both builders' <c>and!</c>, run through <c>Steps.WhenAll</c>, the library's own concurrency.
module internal StepPair =
    let merge (left: Step<'A>) (right: Step<'B>) : Step<'A * 'B> =
        ArgumentNullException.ThrowIfNull(left, nameof left)
        ArgumentNullException.ThrowIfNull(right, nameof right)
        // WhenAll takes steps of one type; boxing is the price of running two differently typed steps side by side.
        Steps.WhenAll([| left.Select(fun a -> box a); right.Select(fun b -> box b) |])
            .Select(fun results -> unbox<'A> results[0], unbox<'B> results[1])
