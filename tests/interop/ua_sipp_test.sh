#!/usr/bin/env bash
# Interop: the softphone against SIPp scenarios (tests/interop/scenarios/ua_*.xml):
#   1. a UAS requiring 100rel (RFC 3262): `dialtone call` sends Supported: 100rel, PRACKs
#      the reliable 183 (RAck 1 1 INVITE), the call is answered, ACKed and ended by BYE;
#   2. a UAS answering dialtone's hold re-INVITE (--hold-after) with 491: dialtone ACKs it,
#      retries after the RFC 3261 §14.1 back-off (2.1-4 s: it chose the Call-ID; measured
#      in SIPp's message trace) and the retry's 200 puts the call on hold (sendonly);
#   3. a UAC re-INVITE with a=sendonly to `dialtone phone --auto-answer --no-register` is
#      answered a=recvonly (RFC 3264 §8.4);
#   4. a UAC INVITE without SDP: the 200 carries dialtone's offer, the ACK SIPp's answer,
#      and SIPp's RTP (a 700 Hz PCMU stream) is recorded by dialtone and measured;
#   5. `dialtone message` to a UAS gets 200 and exits 0.
# Usage: bash ua_sipp_test.sh /path/to/dialtone
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
scenarios=$here/scenarios
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init ua_sipp
# shellcheck source=ua_lib.sh
source "$here/ua_lib.sh"
for tool in sipp sox; do
    command -v "$tool" >/dev/null || fail "$tool not installed (scripts/install-deps.sh)"
done

# start_uas NAME SCENARIO [ARGS...]: one call of a SIPp UAS on a free port; sets uas_pid
# and uas_port once SIPp's socket is bound.
start_uas() {
    local name=$1 scenario=$2 salt=$3 i
    shift 3
    uas_port=$(pick_port "$salt") || fail "no free port"
    local media_port
    media_port=$(pick_port "$((salt + 20))") || fail "no free port"
    (cd "$work" && exec timeout 40 sipp -sf "$scenarios/$scenario" -i 127.0.0.1 -p "$uas_port" \
        -mp "$media_port" -m 1 -nostdin -timeout 30s -timeout_error -trace_err \
        -error_file "$work/$name.errors" "$@") >"$work/$name.sipp" 2>&1 &
    uas_pid=$!
    ua_pids+=("$uas_pid")
    for ((i = 0; i < 50; i++)); do
        [[ -n $(ss -Hlun "( sport = :$uas_port )" 2>/dev/null) ]] && return 0
        kill -0 "$uas_pid" 2>/dev/null || break
        sleep 0.1
    done
    cat "$work/$name.sipp" >&2
    fail "SIPp ($name) did not start"
}

# sipp_passed NAME PID: the SIPp run ended and its one call succeeded.
sipp_passed() {
    local name=$1 pid=$2
    wait_exit "$pid" 20 || fail "SIPp ($name) still running"
    if ((exit_status != 0)); then
        cat "$work/$name.errors" >&2 2>/dev/null || true
        tail -n 20 "$work/$name.sipp" >&2
        fail "SIPp ($name) failed its scenario (exit $exit_status)"
    fi
}

# --- 1. PRACK for a reliable 183 ---
start_uas prack ua_uas_100rel.xml 1
rc=0
timeout 20 "$bin" call "sip:svc@127.0.0.1:$uas_port" --duration 1s --bind 127.0.0.1 \
    >"$work/prack.out" 2>&1 || rc=$?
((rc == 0)) || { cat "$work/prack.out"; fail "dialtone call (100rel) exited $rc"; }
sipp_passed prack "$uas_pid"
grep -q '^progress: 183' "$work/prack.out" || fail "no 183 progress line"
grep -q '^answered: ' "$work/prack.out" || fail "no answered line"
pass "100rel: Supported: 100rel sent, reliable 183 PRACKed, call answered and ended"

# --- 2. 491 to the hold re-INVITE, back-off, retry ---
start_uas glare ua_uas_reinvite_491.xml 2 -trace_msg -message_file "$work/glare.msg"
rc=0
timeout 30 "$bin" call "sip:svc@127.0.0.1:$uas_port" --hold-after 1s --duration 6s \
    --bind 127.0.0.1 >"$work/glare.out" 2>&1 || rc=$?
((rc == 0)) || { cat "$work/glare.out"; fail "dialtone call (491) exited $rc"; }
sipp_passed glare "$uas_pid"
grep -q '^hold: ok' "$work/glare.out" || fail "no hold line"
grep -q '^media updated: sendonly' "$work/glare.out" ||
    { cat "$work/glare.out"; fail "the retried hold did not take effect"; }
gap=$(python3 - "$work/glare.msg" <<'PY'
import datetime, re, sys
# SIPp's trace: a "----- YYYY-MM-DD HH:MM:SS.ffffff" line, then the message.
text = open(sys.argv[1], errors="replace").read()
blocks = re.split(r"^-{10,} (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+)\n", text, flags=re.M)
events = []
for stamp, body in zip(blocks[1::2], blocks[2::2]):
    t = datetime.datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S.%f").timestamp()
    lines = [l for l in body.splitlines() if l.strip()]
    events.append((t, lines[1] if len(lines) > 1 else ""))
sent_491 = next(t for t, first in events if first.startswith("SIP/2.0 491"))
retry = next(t for t, first in events if t > sent_491 and first.startswith("INVITE "))
print(f"{retry - sent_491:.3f}")
PY
) || fail "could not read the 491 and the retry from SIPp's trace"
python3 -c "import sys; g=float(sys.argv[1]); sys.exit(0 if 2.1 <= g <= 4.2 else 1)" "$gap" ||
    fail "re-INVITE retried $gap s after the 491; RFC 3261 §14.1 says 2.1-4 s"
pass "491: re-INVITE retried after $gap s, hold then took effect"

# --- 3 and 4: SIPp calls dialtone phone ---
start_phone "$work/phone.out" sip:bob@dialtone.test --no-register --auto-answer --calls 2 \
    --tone 1000 --record "$work/from_sipp.wav"
uac() {  # uac NAME SCENARIO SALT [ARGS...]: one call of a SIPp UAC to the phone
    local name=$1 scenario=$2 salt=$3 port media_port
    shift 3
    port=$(pick_port "$salt") || fail "no free port"
    media_port=$(pick_port "$((salt + 20))") || fail "no free port"
    (cd "$work" && exec timeout 40 sipp "127.0.0.1:$phone_port" -sf "$scenarios/$scenario" \
        -i 127.0.0.1 -p "$port" -mp "$media_port" -m 1 -nostdin -timeout 30s -timeout_error \
        -trace_err -error_file "$work/$name.errors" "$@") >"$work/$name.sipp" 2>&1 &
    uac_pid=$!
    ua_pids+=("$uac_pid")
    sipp_passed "$name" "$uac_pid"
}
uac sendonly ua_uac_reinvite_sendonly.xml 3
grep -q '^media updated by the peer: recvonly' "$work/phone.out" ||
    { cat "$work/phone.out"; fail "dialtone did not report the hold"; }
pass "re-INVITE with a=sendonly answered a=recvonly"

sox -n -r 8000 -c 1 -e u-law "$work/ua_tone_pcmu.wav" synth 4 sine 700 vol 0.3 || fail "sox"
uac delayed ua_uac_delayed_offer.xml 4
wait_exit "$phone_pid" 10 || fail "dialtone phone did not stop after --calls 2"
((exit_status == 0)) || { cat "$work/phone.out"; fail "dialtone phone exited $exit_status"; }
grep -q '(no offer)$' "$work/phone.out" || fail "the INVITE without SDP was not seen as one"
received=$(sed -n 's/^  rtp received: \([0-9]*\) packets.*/\1/p' "$work/phone.out" | tail -n 1)
((received >= 100)) || { cat "$work/phone.out"; fail "only $received RTP packets from SIPp"; }
out=$("$bin" wav-info "$work/from_sipp.wav" --expect-frequency 700 2>&1) ||
    fail "dialtone's recording of SIPp's RTP: $out"
pass "delayed offer: offer in the 200, answer in the ACK, $received RTP packets, $(grep '^frequency' <<<"$out")"

# --- 5. MESSAGE ---
start_uas message ua_message_uas.xml 5
rc=0
timeout 20 "$bin" message "sip:bob@127.0.0.1:$uas_port" "hello from dialtone" \
    --bind 127.0.0.1 >"$work/message.out" 2>&1 || rc=$?
((rc == 0)) || { cat "$work/message.out"; fail "dialtone message exited $rc"; }
sipp_passed message "$uas_pid"
grep -q '^message: 200' "$work/message.out" || fail "no final status line"
pass "MESSAGE answered 200, exit 0"
