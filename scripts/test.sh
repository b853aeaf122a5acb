#!/usr/bin/env bash
# The README's test command: installs what is needed, builds everything with AddressSanitizer
# and UndefinedBehaviorSanitizer, then runs the bounded fuzz run and every test (unit,
# conformance over the RFC 4475/5118 corpus, interop with real SIP peers).
#
#   bash scripts/test.sh            all of it (what CI runs)
#   FUZZ_SECONDS=0 bash scripts/test.sh   skip the fuzz run (quicker local iterations)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
build="$root/build-asan"
jobs="$(nproc)"

bash scripts/install-deps.sh

echo "== build (ASan + UBSan) in $build ($(date +%T))"
# -g1: line tables and function names, all a sanitizer report needs; full debug info made
# the build (most of the CI time) about a fifth slower.
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDIALTONE_SANITIZE=ON \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DDIALTONE_TESTS=ON >/dev/null
cmake --build "$build" -j"$jobs"

# Any sanitizer report fails the test that triggered it.
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

fuzz_seconds="${FUZZ_SECONDS:-25}"
if ((fuzz_seconds > 0)); then
  echo "== bounded fuzz run: ${fuzz_seconds}s per target"
  bash scripts/fuzz.sh "$fuzz_seconds"
fi

echo "== tests ($(date +%T))"
ctest --test-dir "$build" --output-on-failure -j"$jobs" --timeout 600
