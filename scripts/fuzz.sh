#!/usr/bin/env bash
# Builds the libFuzzer targets with clang + ASan + UBSan and runs each for a bounded time.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]     default 25 (the test command's bounded run)
#   scripts/fuzz.sh 3600                     the long run
#
# Every target first replays its saved crash inputs (tests/fuzz/regressions/<target>/),
# then fuzzes a corpus seeded from the RFC 4475 / RFC 5118 torture messages, copied into a
# temporary work folder (set DIALTONE_FUZZ_WORKDIR to keep and reuse one). Exits non-zero
# if any target crashes, and prints where the crashing input was saved: copy it into
# tests/fuzz/regressions/<target>/ so it is replayed from then on.
set -euo pipefail

seconds="${1:-25}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo "usage: $0 [SECONDS_PER_TARGET]" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build-fuzz"
corpus_src="${DIALTONE_CORPUS_DIR:-$root/../shared/corpus}"
targets=(fuzz_message fuzz_uri fuzz_framer fuzz_sdp)

bash "$root/scripts/install-deps.sh"

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" \
  -DCMAKE_CXX_COMPILER=clang++ -DDIALTONE_FUZZ=ON -DDIALTONE_SANITIZE=ON >/dev/null
ninja -C "$build" -j2 "${targets[@]}"

if [[ -n "${DIALTONE_FUZZ_WORKDIR:-}" ]]; then
  work="$DIALTONE_FUZZ_WORKDIR"
  mkdir -p "$work"
else
  work="$(mktemp -d "${TMPDIR:-/tmp}/dialtone-fuzz.XXXXXX")"
fi
echo "fuzz: work folder $work"

# --- seeds: the torture corpus (never written to), reshaped per target ---
mapfile -d '' sips < <(find "$corpus_src" -name '*.sip' -type f -print0 2>/dev/null || true)
if ((${#sips[@]} == 0)); then
  echo "fuzz: warning: no .sip files under $corpus_src; starting from empty corpora" >&2
fi
for t in "${targets[@]}"; do mkdir -p "$work/corpus/$t" "$work/artifacts/$t"; done
i=0
for f in "${sips[@]}"; do
  i=$((i + 1))
  cp "$f" "$work/corpus/fuzz_message/seed-$i.sip"
  # fuzz_uri: the Request-URI (second word of the first line) and every <...> URI.
  head -n 1 "$f" | tr -d '\r' | awk '{print $2}' | tr -d '\n' >"$work/corpus/fuzz_uri/ruri-$i"
  grep -ao '<[^>]*>' "$f" | tr -d '<>' | head -n 20 | {
    j=0
    while IFS= read -r u; do
      j=$((j + 1))
      printf '%s' "$u" >"$work/corpus/fuzz_uri/uri-$i-$j"
    done
  } || true
  # fuzz_framer: octet 0 = size limit (255: default), octets 1-8 = read sizes, then the
  # stream: the message twice with a keep-alive ping between.
  {
    printf '\377\007\041\001\200\003\377\020\002'
    cat "$f"
    printf '\r\n\r\n'
    cat "$f"
  } >"$work/corpus/fuzz_framer/seed-$i"
done

# fuzz_sdp: the SDP samples of the unit tests (tests/fuzz/seeds/fuzz_sdp/) and the body of
# every torture message that has one.
cp "$root"/tests/fuzz/seeds/fuzz_sdp/* "$work/corpus/fuzz_sdp/" 2>/dev/null || true
i=0
for f in "${sips[@]}"; do
  i=$((i + 1))
  body="$(awk 'b { print } /^\r?$/ { b = 1 }' "$f")"
  [[ "$body" == v=* ]] && printf '%s\n' "$body" >"$work/corpus/fuzz_sdp/body-$i.sdp"
done

status=0
for t in "${targets[@]}"; do
  bin="$build/tests/fuzz/$t"
  dict="$root/tests/fuzz/sip.dict"
  [[ "$t" == fuzz_uri ]] && dict="$root/tests/fuzz/uri.dict"
  [[ "$t" == fuzz_sdp ]] && dict="$root/tests/fuzz/sdp.dict"
  regressions="$root/tests/fuzz/regressions/$t"
  flags=(-timeout=10 -rss_limit_mb=2048 "-artifact_prefix=$work/artifacts/$t/")

  mapfile -d '' saved < <(find "$regressions" -type f ! -name '*.md' -print0 2>/dev/null || true)
  if ((${#saved[@]} > 0)); then
    echo "fuzz: $t: replaying ${#saved[@]} regression inputs"
    if ! "$bin" "${flags[@]}" "${saved[@]}" >"$work/$t.replay.log" 2>&1; then
      echo "fuzz: $t: a saved regression input crashes again; see $work/$t.replay.log" >&2
      tail -n 30 "$work/$t.replay.log" >&2
      status=1
      continue
    fi
  fi

  echo "fuzz: $t: ${seconds}s"
  log="$work/$t.log"
  if "$bin" "${flags[@]}" "-max_total_time=$seconds" "-dict=$dict" -print_final_stats=1 \
    "$work/corpus/$t" >"$log" 2>&1; then
    grep -E '^#[0-9]+.*DONE|stat::number_of_executed_units|stat::average_exec_per_sec' "$log" |
      sed "s/^/fuzz: $t: /" || true
  else
    status=1
    echo "fuzz: $t: FOUND A CRASH (log: $log)" >&2
    grep -E 'ERROR: |SUMMARY: |#[0-9]+ 0x|Test unit written to' "$log" | head -n 20 >&2 || true
    for a in "$work/artifacts/$t"/*; do
      [[ -e "$a" ]] || continue
      echo "fuzz: $t: crash input saved at $a" >&2
      echo "fuzz: $t: keep it as a regression: cp '$a' '$regressions/'" >&2
    done
  fi
done

if ((status == 0)); then
  echo "fuzz: no crashes in ${#targets[@]} targets x ${seconds}s"
fi
exit "$status"
