#!/usr/bin/env bash
# Builds and runs the parser benchmark (bench/bench_parser), then prints, for each message,
# the messages per second of Dialtone, libosip2 and sofia-sip and Dialtone's ratio to each,
# against the project's target (Dialtone >= 5x sofia-sip and >= 8x libosip2).
#
# Usage: scripts/bench.sh [extra bench_parser flags, e.g. --benchmark_filter=invite]
# Environment:
#   BUILD_DIR          build directory (default: <repo>/build-bench)
#   BENCH_REPETITIONS  runs of each benchmark; the table uses the median (default: 5)
#   BENCH_ENFORCE=1    exit 2 when any ratio misses the target
# Exits 1 when a benchmark reports an error (a parser rejected a message or read a wrong value).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build-bench}
reps=${BENCH_REPETITIONS:-5}

bash "$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DDIALTONE_BENCH=ON -DDIALTONE_TESTS=OFF >/dev/null
# Two cores, shared with other builds: never more than two jobs.
ninja -C "$build" -j2 bench_parser

json="$build/bench_parser.json"
rm -f "$json"
status=0
# JSON goes to the file the table is made from; the console keeps the human-readable run.
"$build/bench/bench_parser" --benchmark_out="$json" --benchmark_out_format=json \
  --benchmark_repetitions="$reps" --benchmark_report_aggregates_only=true "$@" || status=$?
if [ ! -s "$json" ]; then
  echo "bench.sh: bench_parser wrote no results (exit $status)" >&2
  exit 1
fi

report_status=0
BENCH_ENFORCE=${BENCH_ENFORCE:-0} python3 - "$json" <<'PY' || report_status=$?
import json, os, sys

TARGETS = {"sofia": 5.0, "osip2": 8.0}
IMPLS = ["dialtone", "osip2", "sofia"]
MSGS = ["invite", "ringing", "ok", "register"]

with open(sys.argv[1]) as f:
    runs = json.load(f)["benchmarks"]

rate = {}     # (impl, msg) -> messages per second (CPU time), median when repeated
errors = {}   # (impl, msg) -> error text
for r in runs:
    name = r.get("run_name", r["name"])
    parts = name.split("/")
    if len(parts) != 3 or parts[0] != "parse":
        continue
    key = (parts[1], parts[2])
    if r.get("error_occurred"):
        errors[key] = r.get("error_message", "error")
        continue
    kind = r.get("run_type", "iteration")
    if kind == "aggregate" and r.get("aggregate_name") != "median":
        continue
    if kind == "iteration" and key in rate:
        continue  # repetitions without aggregates: keep the first
    rate[key] = r["items_per_second"]

def fmt_rate(key):
    if key in errors:
        return "ERROR"
    return f"{rate[key]:,.0f}" if key in rate else "-"

missed = False
header = f"{'msg':<9} {'dialtone/s':>12} {'osip2/s':>12} {'sofia/s':>12}   {'vs sofia (>=5x)':>16}   {'vs osip2 (>=8x)':>16}"
print()
print(header)
print("-" * len(header))
for msg in MSGS:
    cells = [f"{msg:<9}"] + [f"{fmt_rate((i, msg)):>12}" for i in IMPLS]
    ratios = []
    for other in ["sofia", "osip2"]:
        d, o = ("dialtone", msg), (other, msg)
        if d in rate and o in rate:
            x = rate[d] / rate[o]
            ok = x >= TARGETS[other]
            missed |= not ok
            ratios.append(f"{x:>9.2f}x {'ok' if ok else 'MISS':<4}")
        else:
            ratios.append(f"{'-':>16}")
    print(" ".join(cells) + "   " + "   ".join(ratios))
print()
for key, why in sorted(errors.items()):
    print(f"ERROR parse/{key[0]}/{key[1]}: {why}")
if errors:
    sys.exit(1)
print("target: dialtone >= 5x sofia-sip and >= 8x libosip2 on every message: "
      + ("MISSED" if missed else "met"))
if missed and os.environ.get("BENCH_ENFORCE") == "1":
    sys.exit(2)
PY

if [ "$status" -ne 0 ]; then
  echo "bench.sh: bench_parser exited with $status" >&2
  exit 1
fi
exit "$report_status"
