#!/usr/bin/env bash
# Registrar benchmark: SIPp registers 10,000 users with digest authentication (REGISTER,
# 401, REGISTER with credentials, 200) against `dialtone serve` (SQLite durability on) and
# against Kamailio 5.6 (registrar + auth_db on SQLite, usrloc in memory) in the same run, at
# fixed rates and as a sweep to the highest rate with under 0.1% failures. Prints each
# server's CPU microseconds per registration and the ratios.
#
# Usage: scripts/bench-registrar.sh [--rates 5000,10000] [--repeat 3] [--sweep-from 5000 --sweep-step 2500]
#        [--no-sweep] [--seconds 5] [--users 10000] [--servers dialtone,kamailio]
#        [--server-cpus 0] [--sipp-cpus 1] [--keep]   (see bench/registrar/bench_registrar.py)
# Environment: BUILD_DIR (default <repo>/build-bench-registrar).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build-bench-registrar}

bash "$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDIALTONE_TESTS=OFF \
  -DDIALTONE_BENCH=ON >/dev/null
ninja -C "$build" -j2 dialtone location_memory
exec python3 "$root/bench/registrar/bench_registrar.py" --dialtone "$build/dialtone" "$@"
