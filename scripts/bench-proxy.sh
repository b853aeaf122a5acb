#!/usr/bin/env bash
# Proxy benchmark: a SIPp caller places calls through a stateful, record-routing proxy to a
# SIPp callee (INVITE, 100, 180, 200, ACK, BYE, 200; ACK and BYE through the Route set),
# against `dialtone serve` (one [[dialplan]] rule to the callee, 127.0.0.1 trusted) and
# against Kamailio 5.6 (tm + rr + sl + maxfwd) in the same run. For each proxy: fixed rates
# measured --repeat times, then a sweep to the highest rate with under 0.1% failed calls;
# prints CPU microseconds per call, RSS per active call and the ratios.
#
# Usage: scripts/bench-proxy.sh [--rates 2000] [--repeat 3] [--sweep-from 1000 --sweep-step 1000]
#        [--no-sweep] [--seconds 10] [--hold-ms 1000] [--servers dialtone,kamailio]
#        [--server-cpus 0] [--sipp-cpus 1] [--workers N] [--keep]   (see bench/proxy/bench_proxy.py)
# Environment: BUILD_DIR (default <repo>/build-bench-proxy).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build-bench-proxy}

servers=dialtone,kamailio
prev=""
for arg in "$@"; do
    [[ $prev == --servers ]] && servers=$arg
    [[ $arg == --servers=* ]] && servers=${arg#--servers=}
    prev=$arg
done

bash "$root/scripts/install-deps.sh"
# A Kamailio-only run needs no dialtone build.
if [[ ,$servers, == *,dialtone,* ]]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDIALTONE_TESTS=OFF >/dev/null
    ninja -C "$build" -j2 dialtone
fi
exec python3 "$root/bench/proxy/bench_proxy.py" --dialtone "$build/dialtone" "$@"
