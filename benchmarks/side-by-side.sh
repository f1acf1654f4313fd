#!/usr/bin/env bash
# Runs Dspy.Fluent, DSPy 3.3.1, LMP and Ax side by side against ONE loopback OpenAI-compatible server (same latency L,
# same workload, same machine, one run) and prints one table with ratios to the latency limit and to each other.
#
#   benchmarks/side-by-side.sh [--latency-ms 50] [--n 200] [--threads 16] [--runs 3] [--peers DIR] [--out DIR] [--skip dspy,lmp,ax]
#
# The peers come from shared/peers (DSPy needs python3, LMP the .NET SDK, Ax npm). Nothing of theirs is built or kept in
# this repository: LMP and Ax are copied to a scratch folder (--work, default a fresh /tmp folder) and built there.
# Results: one JSON file per run in --out (default benchmarks/results/side-by-side-DATE) and side-by-side.md there.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

latency=50 n=200 threads=16 runs=3 train=20 skip="" peers="" out="" work=""
while [ $# -gt 0 ]; do
  case "$1" in
    --latency-ms) latency="$2"; shift 2 ;;
    --n) n="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --train) train="$2"; shift 2 ;;
    --peers) peers="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --skip) skip="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
skipped() { [[ ",$skip," == *",$1,"* ]]; }

if [ -z "$peers" ]; then
  for candidate in "$root/../shared/peers" "$root/../../shared/peers" /work/shared/peers; do
    if [ -d "$candidate/dspy" ]; then peers="$(cd "$candidate" && pwd)"; break; fi
  done
fi
[ -n "$peers" ] && [ -d "$peers" ] || { echo "shared/peers not found: pass --peers DIR" >&2; exit 2; }
out="${out:-$root/benchmarks/results/side-by-side-$(date -u +%Y%m%d-%H%M%S)}"
work="${work:-$(mktemp -d /tmp/dspy-side-by-side.XXXXXX)}"
mkdir -p "$out" "$work"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "peers: $peers"; echo "results: $out"; echo "scratch: $work"

echo "== building Dspy.Fluent benchmarks (Release)"
dotnet build -c Release "$root/benchmarks/Dspy.Fluent.Benchmarks/Dspy.Fluent.Benchmarks.csproj" -v q -nologo >"$work/build-fluent.log" 2>&1 \
  || { grep -E " error " "$work/build-fluent.log" | sort -u | head -20; exit 1; }
bench="$root/benchmarks/Dspy.Fluent.Benchmarks/bin/Release/net10.0/Dspy.Fluent.Benchmarks"

if ! skipped lmp; then
  echo "== building LMP (copy of shared/peers/lmp/vendor) with the side-by-side driver"
  rm -rf "$work/lmp"; mkdir -p "$work/lmp/bench"
  cp -r "$peers/lmp/vendor" "$work/lmp/vendor"; chmod -R u+w "$work/lmp"
  cp "$here/side-by-side/lmp/LmpSideBySide.csproj.txt" "$work/lmp/bench/LmpSideBySide.csproj"
  cp "$here/side-by-side/lmp/Program.cs" "$work/lmp/bench/Program.cs"
  if dotnet build -c Release "$work/lmp/bench/LmpSideBySide.csproj" -p:WarningsNotAsErrors=NU1603 -v q -nologo >"$work/build-lmp.log" 2>&1; then
    lmp="$work/lmp/bench/bin/Release/net10.0/LmpSideBySide"
  else
    echo "LMP did not build (see $work/build-lmp.log); its rows stay empty"; grep -E " error " "$work/build-lmp.log" | sort -u | head -10; lmp=""
  fi
fi

if ! skipped ax; then
  echo "== installing Ax (npm ci in a copy of shared/peers/ax)"
  rm -rf "$work/ax"; mkdir -p "$work/ax"
  cp "$peers/ax/bench_ax.mjs" "$peers/ax/package.json" "$peers/ax/package-lock.json" "$peers/ax/.npmrc" "$work/ax/"; chmod -R u+w "$work/ax"
  if (cd "$work/ax" && npm ci --no-audit --no-fund >"$work/npm-ci.log" 2>&1); then ax="$work/ax/bench_ax.mjs"; else
    echo "npm ci failed (see $work/npm-ci.log); Ax rows stay empty"; ax=""
  fi
fi

echo "== starting the loopback server (latency ${latency} ms)"
"$bench" serve --port 0 --latency-ms "$latency" --max-seconds 3600 >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true' EXIT
# Block until the server prints its "listening" line (tail follows the file and ends with the server); no polling.
timeout 60 grep -m1 -q listening < <(tail -n +1 -F --pid="$server_pid" "$work/server.out" 2>/dev/null) \
  || { echo "the loopback server did not start: $(tail -n 5 "$work/server.err")" >&2; exit 1; }
endpoint="$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["listening"].rstrip("/"))' "$work/server.out")"
echo "server: $endpoint (pid $server_pid)"

run() { # run NAME COMMAND...: stdout's last line (JSON) goes to $out/NAME.json, stderr to $work/NAME.err
  local name="$1"; shift
  echo "-- $name"
  if "$@" >"$work/$name.out" 2>"$work/$name.err"; then
    tail -n 1 "$work/$name.out" >"$out/$name.json"
  else
    echo "   failed (exit $?): $(tail -n 3 "$work/$name.err" | tr '\n' ' ')"
    echo "{\"error\": $(tail -n 5 "$work/$name.err" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read()))')}" >"$out/$name.json"
  fi
}
run_fluent() { # run_fluent NAME e2e ARGS...: the e2e program writes its rows to $out/NAME.json itself
  local name="$1"; shift
  echo "-- $name"
  "$bench" "$@" --out "$out/$name.json" >"$work/$name.out" 2>"$work/$name.err" \
    || echo "   failed: $(tail -n 3 "$work/$name.err" | tr '\n' ' ')"
}
common=(--endpoint "$endpoint" --model bench --assume-latency-ms "$latency")

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for k in $(seq 1 "$runs"); do
  run_fluent "fluent-eval-cot-fresh-$k" e2e --endpoint "$endpoint" --latency-ms "$latency" --only fresh --fresh-n "$n" --fresh-c "$threads"
  skipped dspy || run "dspy-eval-cot-$k" "$peers/dspy/run.sh" bench_dspy.py "${common[@]}" --n "$n" --threads "$threads" --mode eval
  [ -z "${lmp:-}" ] || run "lmp-eval-cot-$k" "$lmp" eval --endpoint "$endpoint" --n "$n" --threads "$threads" --assume-latency-ms "$latency"
  [ -z "${ax:-}" ] || run "ax-eval-cot-$k" node "$ax" "${common[@]}" --n "$n" --threads "$threads" --mode eval
done
run_fluent fluent-eval-two_step-fresh e2e --endpoint "$endpoint" --latency-ms "$latency" --only fresh --fresh-program two_step --fresh-n "$n" --fresh-c "$threads"
skipped dspy || run dspy-eval-two_step "$peers/dspy/run.sh" bench_dspy.py "${common[@]}" --n "$n" --threads "$threads" --mode eval --program two_step
[ -z "${lmp:-}" ] || run lmp-eval-two_step "$lmp" eval --endpoint "$endpoint" --n "$n" --threads "$threads" --program two_step --assume-latency-ms "$latency"
[ -z "${ax:-}" ] || run ax-eval-two_step node "$ax" "${common[@]}" --n "$n" --threads "$threads" --mode eval --program two_step
for program in cot two_step; do
  skipped dspy || run "dspy-compile-$program" "$peers/dspy/run.sh" bench_dspy.py "${common[@]}" --train "$train" --mode compile --program "$program"
  [ -z "${lmp:-}" ] || run "lmp-compile-$program" "$lmp" compile --endpoint "$endpoint" --train "$train" --program "$program" --assume-latency-ms "$latency"
  [ -z "${ax:-}" ] || run "ax-compile-$program" node "$ax" "${common[@]}" --train "$train" --mode compile --program "$program"
done
# Dspy.Fluent's steady-state rows, compiles, the 100k evaluation and start-up, against the same server.
run_fluent fluent-e2e e2e --endpoint "$endpoint" --latency-ms "$latency"
run fluent-overhead "$bench" overhead
skipped dspy || run dspy-overhead "$peers/dspy/run.sh" bench_dspy.py --mode overhead
[ -z "${lmp:-}" ] || run lmp-overhead "$lmp" overhead
[ -z "${ax:-}" ] || run ax-overhead node "$ax" --mode overhead
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

kill "$server_pid" 2>/dev/null || true
wait "$server_pid" 2>/dev/null || true
cp "$work/server.err" "$out/server.log" 2>/dev/null || true
python3 "$here/side-by-side/summarize.py" "$out" --latency-ms "$latency" --n "$n" --threads "$threads" --train "$train" | tee "$out/side-by-side.md"
