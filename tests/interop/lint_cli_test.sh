#!/usr/bin/env bash
# `dialtone lint` as a user runs it: verdict lines, exit statuses, stdin, and --json.
# Usage: lint_cli_test.sh /path/to/dialtone
set -uo pipefail
dialtone="$1"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
corpus="${DIALTONE_CORPUS_DIR:-$here/../../../shared/corpus}"
failures=0

expect() {  # expect NAME WANT_EXIT WANT_SUBSTRING -- command...
    local name="$1" want_exit="$2" want_text="$3"
    shift 4
    local out rc
    out="$("$@" 2>&1)"
    rc=$?
    if [[ $rc -ne $want_exit || "$out" != *"$want_text"* ]]; then
        echo "FAIL $name: exit $rc (want $want_exit), output: $out"
        failures=$((failures + 1))
    else
        echo "ok   $name"
    fi
}

expect "wsinv is valid" 0 "valid" -- "$dialtone" lint "$corpus/rfc4475/wsinv.sip"
[[ "$("$dialtone" lint "$corpus/rfc4475/wsinv.sip")" == "valid" ]] ||
    { echo "FAIL wsinv prints exactly 'valid'"; failures=$((failures + 1)); }

no_call_id="$(mktemp)"
trap 'rm -f "$no_call_id"' EXIT
grep -v '^Call-ID' "$corpus/rfc4475/lwsdisp.sip" >"$no_call_id"
expect "missing Call-ID names it" 1 "invalid: missing Call-ID header" -- "$dialtone" lint "$no_call_id"
expect "stdin works" 1 "Call-ID" -- bash -c "\"$dialtone\" lint - < \"$no_call_id\""
expect "420 is exit 2" 2 "valid, but a server answers 420 Bad Extension" -- \
    "$dialtone" lint "$corpus/rfc4475/bext01.sip"
expect "505 for SIP/7.0" 1 "invalid:" -- "$dialtone" lint "$corpus/rfc4475/badvers.sip"
expect "proxy role answers 483" 2 "483 Too Many Hops" -- \
    "$dialtone" lint --role proxy "$corpus/rfc4475/zeromf.sip"
expect "several files get prefixes" 1 "wsinv.sip: valid" -- \
    "$dialtone" lint "$corpus/rfc4475/wsinv.sip" "$corpus/rfc4475/badvers.sip"
expect "missing file is reported" 1 "cannot read" -- "$dialtone" lint /nonexistent.sip
expect "no arguments is a usage error" 106 "files is required" -- "$dialtone" lint

json="$("$dialtone" lint --json "$corpus/rfc4475/wsinv.sip")"
if python3 - "$json" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
m = d["message"]
assert d["verdict"] == "valid", d["verdict"]
assert m["start_line"]["method"] == "INVITE"
vias = [e for h in m["headers"] if h.get("header") == "Via" for e in h["parsed"]]
assert [v["branch"] for v in vias] == ["390skdjuw", "z9hG4bK9ikj8", "z9hG4bK30239"], vias
cseq = next(h["parsed"] for h in m["headers"] if h.get("header") == "CSeq")
assert cseq == {"number": 9, "method": "INVITE"}, cseq
assert m["body_length"] == 150
PY
then echo "ok   --json structure"; else echo "FAIL --json structure"; failures=$((failures + 1)); fi

echo "lint_cli: $failures failed"
exit $((failures > 0))
