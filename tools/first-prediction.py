#!/usr/bin/env python3
"""Process start -> first prediction of the QuickStart, measured from outside the process.

Usage: tools/first-prediction.py RUNS COMMAND [ARGS...]

Each run notes the wall clock just before it starts COMMAND (so process creation, runtime start-up, the JIT or its
absence, and the program's own setup are all inside the figure), with DSPY_PRINT_FIRST_PREDICTION_CLOCK=1, which makes
the QuickStart print the wall clock at its first prediction. Prints every run and the median in ms; exits non-zero if a
run fails or does not print the clock, so a broken program fails the caller. Timings are reported, never asserted.
"""
import os
import statistics
import subprocess
import sys
import time

MARKER = "first-prediction-unix-us: "


def main() -> int:
    if len(sys.argv) < 3 or not sys.argv[1].isdigit():
        print(__doc__.strip(), file=sys.stderr)
        return 2
    runs, command = int(sys.argv[1]), sys.argv[2:]
    env = dict(os.environ, DSPY_PRINT_FIRST_PREDICTION_CLOCK="1")
    figures = []
    for i in range(runs):
        started_us = time.time_ns() // 1000
        proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        line = next((l for l in proc.stdout.splitlines() if l.startswith(MARKER)), None)
        if proc.returncode != 0 or line is None:
            sys.stdout.write(proc.stdout)
            sys.stderr.write(proc.stderr)
            print(f"run {i + 1}: {' '.join(command)} exited {proc.returncode}"
                  f"{'' if line else ' without printing the first-prediction clock'}", file=sys.stderr)
            return 1
        figures.append((int(line[len(MARKER):]) - started_us) / 1000)
    print(f"process start -> first prediction, {' '.join(command)}: "
          f"median {statistics.median(figures):.1f} ms over {runs} runs ({', '.join(f'{f:.1f}' for f in figures)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
