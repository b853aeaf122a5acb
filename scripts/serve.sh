#!/usr/bin/env bash
# The README's first command: installs what is missing, builds a Release `dialtone` into
# build/, and runs `dialtone serve` with any arguments passed through, e.g.
#   bash scripts/serve.sh                       # UDP+TCP on 0.0.0.0:5060
#   bash scripts/serve.sh -l 127.0.0.1:5080 --log-level debug
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DDIALTONE_TESTS=OFF
cmake --build build
exec build/dialtone serve "$@"
