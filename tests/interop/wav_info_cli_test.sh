#!/usr/bin/env bash
# `dialtone wav-info` on files made by sox, as the call tests use it: the dominant frequency
# of tones at several rates and formats (stereo, u-law, 44.1 kHz), silence recognised, a
# wrong --expect-frequency failing with exit 2, and --json carrying the same figures.
# Usage: wav_info_cli_test.sh /path/to/dialtone
set -uo pipefail
bin="$1"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init wav_info_cli
command -v sox >/dev/null || fail "sox not installed (scripts/install-deps.sh)"

sox -n -r 8000 -c 1 -b 16 "$work/t1000.wav" synth 2 sine 1000 vol 0.3 || fail "sox"
sox -n -r 44100 -c 2 -b 16 "$work/t440_stereo.wav" synth 1 sine 440 vol 0.5 || fail "sox"
sox -n -r 8000 -c 1 -e u-law "$work/t2500_ulaw.wav" synth 1 sine 2500 vol 0.5 || fail "sox"
sox -n -r 8000 -c 1 -b 16 "$work/silence.wav" trim 0 1 || fail "sox"
# A tone with half a second of silence in front, as a call recording starts.
sox -n -r 8000 -c 1 -b 16 "$work/late.wav" synth 2 sine 1020 vol 0.3 pad 0.5 0 || fail "sox"

for spec in t1000:1000 t440_stereo:440 t2500_ulaw:2500 late:1020; do
    file="$work/${spec%%:*}.wav"
    hz="${spec##*:}"
    out=$("$bin" wav-info "$file" --expect-frequency "$hz" --tolerance 0.5 2>&1)
    rc=$?
    [[ $rc -eq 0 && $out == *"OK: "* && $out == *"silence:    no"* ]] ||
        fail "$spec: exit $rc, output: $out"
    pass "$spec: $(grep '^frequency' <<<"$out")"
done

out=$("$bin" wav-info "$work/t440_stereo.wav" 2>&1) || fail "stereo: $out"
[[ $out == *"2 channels (mixed to mono)"* && $out == *"rate:       44100 Hz"* &&
    $out == *"duration:   1.000 s"* ]] || fail "stereo format lines: $out"
pass "stereo 44.1 kHz format, rate and duration printed"

out=$("$bin" wav-info "$work/silence.wav" --expect-frequency 1000 2>&1)
rc=$?
[[ $rc -eq 2 && $out == *"FAIL: silence"* && $out == *"silence:    yes"* ]] ||
    fail "silence: exit $rc, output: $out"
pass "silence fails --expect-frequency with exit 2"

out=$("$bin" wav-info "$work/t1000.wav" --expect-frequency 1030 2>&1)
rc=$?
[[ $rc -eq 2 && $out == *"not within 2.0% of 1030.0 Hz"* ]] || fail "1030: exit $rc, output: $out"
pass "1000 Hz is not 1030 Hz within 2%"

json=$("$bin" wav-info "$work/t1000.wav" --json --skip 0.5) || fail "json: $json"
cat >"$work/check_json.py" <<'PY'

import json, sys
j = json.loads(sys.argv[1])
assert abs(j["dominant_frequency_hz"] - 1000) < 1, j
assert j["silence"] is False and j["sample_rate"] == 8000 and j["samples"] == 16000, j
assert j["analysed_from_s"] == 0.5 and j["tone_share"] > 0.99, j
PY
run_python json_figures 10 "$work/check_json.py" "$json"
pass "--json carries the figures"

out=$("$bin" wav-info "$work/missing.wav" 2>&1)
rc=$?
[[ $rc -eq 1 && $out == *"missing.wav"* ]] || fail "missing file: exit $rc, output: $out"
pass "a missing file names itself and exits 1"
