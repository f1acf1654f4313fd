#!/usr/bin/env python3
"""Reads the JSON files side-by-side.sh wrote and prints one markdown table: each shared figure for Dspy.Fluent, DSPy,
LMP and Ax, the ratio of each peer's figure to Dspy.Fluent's, and what differs where a workload cannot be matched."""
import argparse, glob, json, os, platform, statistics

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--latency-ms", type=float, default=50)
ap.add_argument("--n", type=int, default=200)
ap.add_argument("--threads", type=int, default=16)
ap.add_argument("--train", type=int, default=20)
a = ap.parse_args()


def load(name):
    try:
        with open(os.path.join(a.out, name + ".json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def runs(prefix):
    out = []
    for path in sorted(glob.glob(os.path.join(a.out, prefix + "-*.json"))):
        try:
            d = json.load(open(path))
        except ValueError:
            continue
        if d and "error" not in d:
            out.append(d)
    return out


def fluent_rows(name):
    d = load(name)
    return d.get("rows", []) if d else []


def fluent_row(rows, workload, program, n=None, c=None):
    for r in rows:
        if r["workload"] == workload and r["program"] == program and (n is None or r["n"] == n) and (c is None or r["concurrency"] == c):
            return r
    return None


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def get(d, *keys):
    for k in keys:
        if d is None:
            return None
        d = d.get(k) if isinstance(d, dict) else None
    return d


def fmt(x, nd=3):
    if x is None:
        return "–"
    if isinstance(x, str):
        return x
    return f"{x:,.{nd}f}" if abs(x) < 1000 else f"{x:,.0f}"


lines = []
L, N, C, T = a.latency_ms, a.n, a.threads, a.train
lines.append(f"Side by side, one loopback server (Kestrel, latency {L:g} ms, every reply correct), {platform.machine()} "
             f"{os.cpu_count()} cores, {platform.system()}; load average at the end {open('/proc/loadavg').read().split()[:3] if os.path.exists('/proc/loadavg') else '?'}.")
lines.append("")
header = ["figure", "Dspy.Fluent", "DSPy 3.3.1", "LMP", "Ax 24.0.21", "DSPy ÷ Fluent", "LMP ÷ Fluent", "Ax ÷ Fluent", "what differs"]
table = []


def row(figure, fluent, dspy, lmp, ax, note="", nd=3, lower_is_better=True):
    def ratio(x):
        if not isinstance(x, (int, float)) or not isinstance(fluent, (int, float)) or fluent == 0:
            return "–"
        return f"{x / fluent:.2f}×"
    table.append([figure, fmt(fluent, nd), fmt(dspy, nd), fmt(lmp, nd), fmt(ax, nd), ratio(dspy), ratio(lmp), ratio(ax), note])


# evaluation, cot, fresh process (each peer's script: one warm-up call, then the run)
fresh = [fluent_row(fluent_rows(os.path.basename(p)[:-5]), "eval, fresh process", "cot") for p in sorted(glob.glob(os.path.join(a.out, "fluent-eval-cot-fresh-*.json")))]
fresh = [r for r in fresh if r]
dspy_e, lmp_e, ax_e = runs("dspy-eval-cot"), runs("lmp-eval-cot"), runs("ax-eval-cot")
k = max(len(fresh), len(dspy_e), len(lmp_e), len(ax_e))
row(f"eval cot N={N} C={C}: wall s (median of {k})", med([r["wall_s"] for r in fresh]), med([d["wall_s"] for d in dspy_e]),
    med([d["wall_s"] for d in lmp_e]), med([d["wall_s"] for d in ax_e]), "fresh process, one untimed warm-up call in each")
row(f"eval cot N={N} C={C}: wall ÷ limit (limit = calls × L ÷ C)", med([r["wall_over_limit"] for r in fresh]),
    med([d.get("wall_over_limit") for d in dspy_e]), med([d.get("wall_over_limit") for d in lmp_e]), med([d.get("wall_over_limit") for d in ax_e]),
    f"wave floor ⌈N÷C⌉×L = {-(-N // C) * L / 1000:.3f} s ({-(-N // C) * C / N:.3f}× limit)")
row(f"eval cot N={N} C={C}: LM calls", med([r["lm_calls"] for r in fresh]), med([d.get("lm_calls") for d in dspy_e]),
    med([d.get("lm_calls") for d in lmp_e]), med([d.get("lm_calls") for d in ax_e]), "Ax streams (SSE); LMP asks for JSON output", nd=0)
row(f"eval cot N={N} C={C}: correct", med([r["correct"] for r in fresh]), med([d.get("correct") for d in dspy_e]),
    med([d.get("correct") for d in lmp_e]), med([d.get("correct") for d in ax_e]), "", nd=0)
e2e = fluent_rows("fluent-e2e")
steady = fluent_row(e2e, "eval", "cot", N, C)
if steady:
    row(f"eval cot N={N} C={C}: wall ÷ limit, Dspy.Fluent steady state", steady["wall_over_limit"], None, None, None,
        "after the JIT settled (a long-running process); the peers have no JIT warm-up")

two = fluent_row(fluent_rows("fluent-eval-two_step-fresh"), "eval, fresh process", "two_step")
d2, l2, x2 = load("dspy-eval-two_step"), load("lmp-eval-two_step"), load("ax-eval-two_step")
row(f"eval two_step N={N} C={C}: wall s", get(two, "wall_s"), get(d2, "wall_s"), get(l2, "wall_s"), get(x2, "wall_s"), "fresh process; Ax: AxFlow")
row(f"eval two_step N={N} C={C}: wall ÷ limit", get(two, "wall_over_limit"), get(d2, "wall_over_limit"), get(l2, "wall_over_limit"), get(x2, "wall_over_limit"))

for program in ("cot", "two_step"):
    fc = fluent_row(e2e, "compile", program, T, 8)
    dc, lc, xc = load(f"dspy-compile-{program}"), load(f"lmp-compile-{program}"), load(f"ax-compile-{program}")
    axw = get(xc, "wall_s") if get(xc, "lm_calls") else ("fails" if xc else None)
    row(f"compile {program} train={T}: wall s", get(fc, "wall_s"), get(dc, "wall_s"), get(lc, "wall_s"), axw,
        "Fluent: 8 teacher runs in flight; DSPy, LMP, Ax: one at a time" + ("; LMP runs all T (no early stop)" if lc else ""))
    row(f"compile {program} train={T}: LM calls", get(fc, "lm_calls"), get(dc, "lm_calls"), get(lc, "lm_calls"), get(xc, "lm_calls"),
        "Fluent counts runs started beyond the 4 needed (cancelled)", nd=0)

fo, do, lo, xo = load("fluent-overhead"), load("dspy-overhead"), load("lmp-overhead"), load("ax-overhead")
row("1-step CoT call on an instant LM: mean µs", get(fo, "program_call_us_mean"), get(do, "program_call_us_mean"),
    get(lo, "program_call_us_mean"), get(xo, "program_call_us_mean"), "framework time per call, sequential, 2,000 calls", nd=1)
row("1-step CoT call on an instant LM: p50 µs", get(fo, "program_call_us_p50"), get(do, "program_call_us_p50"),
    get(lo, "program_call_us_p50"), get(xo, "program_call_us_p50"), "", nd=1)
row("1-step CoT call: bytes allocated per call", get(fo, "program_call_bytes"), None, get(lo, "program_call_bytes"), None,
    "DSPy: tracemalloc is not comparable; Ax: V8 heap not per call", nd=0)
row("ChatAdapter format+parse: mean µs", get(fo, "format_parse_us_mean"), get(do, "format_parse_us_mean"), None,
    get(xo, "render_us_mean"), "Ax: prompt render only (its parser is not exported); LMP has no such adapter", nd=2)
row("peak RSS / working set of the overhead process, MB", get(fo, "peak_rss_mb"), get(do, "peak_rss_mb"), get(lo, "peak_rss_mb"),
    get(xo, "peak_rss_mb"), "", nd=1)
start = fluent_row(e2e, "start→1st prediction", "cot")
row("process start → first prediction (instant LM), s", get(start, "wall_s"),
    get(do, "import_dspy_s_median_without_ipython") or get(do, "import_dspy_s_median"), None,
    get(xo, "node_start_to_first_prediction_s_median"), "DSPy: `import dspy` alone (without IPython), a lower bound")
scale = fluent_row(e2e, "eval, instant LM", "cot")
if scale:
    row(f"evaluation of {scale['n']:,} examples (instant LM): peak working set MB", scale["peak_working_set_mb"], None, None, None,
        f"Dspy.Fluent only; {scale['wall_s']:.2f} s wall", nd=1)

widths = [max(len(str(r[i])) for r in [header] + table) for i in range(len(header))]
lines.append("| " + " | ".join(h.ljust(widths[i]) for i, h in enumerate(header)) + " |")
lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
for r in table:
    lines.append("| " + " | ".join(str(c).ljust(widths[i]) for i, c in enumerate(r)) + " |")
lines.append("")
lines.append("Ratios are peer ÷ Dspy.Fluent: above 1× Dspy.Fluent is faster (or smaller).")
print("\n".join(lines))
