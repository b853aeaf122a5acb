#!/usr/bin/env bash
# Interop: SIGTERM while SIPp loads the registrar (issue 3 acceptance: "SIGTERM during a SIPp
# load makes the server exit 0 within 35 s with no transaction left unanswered that it had
# accepted"). `dialtone serve --domain example.test` with 200 imported users and 2 workers;
# SIPp registers with digest at 300 calls/s (1,500 calls at most); once the server has taken
# on 300 requests it gets SIGTERM. Then:
#   - the server exits with status 0 within 35 s;
#   - every request the server took on (its debug log names each: event=request_accepted
#     with Call-ID and CSeq) got a final response at SIPp (SIPp's message log): 401, 200, or
#     503 from the draining server. Requests that reached the socket after the server stopped
#     reading were never taken on and are not owed an answer.
# Usage: bash sigterm_under_load_test.sh /path/to/dialtone
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init sigterm_under_load
command -v sipp >/dev/null || fail "sipp not installed (scripts/install-deps.sh)"

sipp_pid=""
cleanup() {
    if [[ -n $sipp_pid ]]; then
        kill -TERM "$sipp_pid" 2>/dev/null || true
        wait "$sipp_pid" 2>/dev/null || true
    fi
    serve_lib_cleanup
}
trap cleanup EXIT

users=200
python3 - "$work" "$users" <<'PY'
import sys
work, n = sys.argv[1], int(sys.argv[2])
with open(f"{work}/users.csv", "w") as f:
    for i in range(n):
        f.write(f"user{i},example.test,secret-{i}\n")
with open(f"{work}/users.sipp", "w") as f:
    f.write("SEQUENTIAL\n")
    for i in range(n):
        f.write(f"user{i};example.test;secret-{i};[authentication username=user{i} password=secret-{i}]\n")
PY
"$bin" user import "$work/users.csv" --db "$work/dialtone.db" >"$work/import.out" 2>&1 ||
    fail "user import failed: $(cat "$work/import.out")"

start_server "$work/server.log" --domain example.test --auth-algorithms MD5 --workers 2 \
    --log-level debug -l "udp:127.0.0.1:@PORT@"
pass "server pid $server_pid on udp 127.0.0.1:$port"

sipp_port=$(pick_port 131) || fail "no free port for SIPp"
[[ $sipp_port != "$port" ]] || fail "SIPp port collides with the server's"
# -recv_timeout ends calls whose server has gone; timeout(1) bounds SIPp as a whole.
(cd "$work" && exec timeout 60 sipp -sf "$here/scenarios/register_until_drained.xml" \
    -inf "$work/users.sipp" "127.0.0.1:$port" -t u1 -i 127.0.0.1 -p "$sipp_port" \
    -m 1500 -r 300 -auth_uri example.test -nostdin -recv_timeout 3000 \
    -trace_msg -message_file "$work/sipp.messages" -trace_err -error_file "$work/sipp.errors") \
    >"$work/sipp.out" 2>&1 &
sipp_pid=$!

accepted() { grep -c 'event=request_accepted' "$work/server.log" || true; }
for ((i = 0; i < 300; i++)); do
    (($(accepted) >= 300)) && break
    kill -0 "$sipp_pid" 2>/dev/null || { cat "$work/sipp.out" >&2; fail "SIPp ended before the load built up"; }
    sleep 0.1
done
(($(accepted) >= 300)) || fail "the server took on only $(accepted) requests in 30 s"

started=$(date +%s%N)
kill -TERM "$server_pid"
rc=0
for ((i = 0; i < 350; i++)); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
kill -0 "$server_pid" 2>/dev/null && fail "server still running 35 s after SIGTERM"
wait "$server_pid" || rc=$?
server_pid=""
elapsed_ms=$((($(date +%s%N) - started) / 1000000))
((rc == 0)) || fail "server exited with status $rc after SIGTERM, expected 0"
grep -q 'event=stopped' "$server_log" || fail "no event=stopped line in the log"
pass "SIGTERM under load: exit 0 after $elapsed_ms ms"

wait "$sipp_pid" || true
sipp_pid=""
[[ -s $work/sipp.messages ]] || fail "SIPp wrote no message log"

python3 - "$work/server.log" "$work/sipp.messages" >"$work/check.out" 2>&1 <<'PY' || { cat "$work/check.out" >&2; fail "a request the server took on went unanswered"; }
import re, sys
server_log, messages = sys.argv[1], sys.argv[2]
accepted = set()
for line in open(server_log, errors="replace"):
    m = re.search(r"event=request_accepted method=(\S+) call_id=(\S+) cseq=(\d+)", line)
    if m:
        accepted.add((m.group(2), int(m.group(3))))
finals = {}
sent = set()
text = open(messages, errors="replace").read()
for block in re.split(r"\n-{20,}[^\n]*\n", "\n" + text):
    received = re.search(r"message received", block)
    is_sent = re.search(r"message sent", block)
    call_id = re.search(r"(?mi)^\s*(?:call-id|i)\s*:\s*(\S+)", block)
    cseq = re.search(r"(?mi)^\s*cseq\s*:\s*(\d+)", block)
    if not call_id or not cseq:
        continue
    key = (call_id.group(1), int(cseq.group(1)))
    status = re.search(r"(?m)^\s*SIP/2\.0 (\d{3}) ", block)
    if received and status and int(status.group(1)) >= 200:
        finals.setdefault(key, set()).add(int(status.group(1)))
    if is_sent and re.search(r"(?m)^\s*REGISTER ", block):
        sent.add(key)
missing = sorted(k for k in accepted if k not in finals)
not_sipp = sorted(k for k in accepted if k not in sent)
by_status = {}
for k in accepted:
    for s in finals.get(k, ()):
        by_status[s] = by_status.get(s, 0) + 1
print(f"accepted={len(accepted)} sent_by_sipp={len(sent)} answered={len(accepted) - len(missing)} "
      f"statuses={dict(sorted(by_status.items()))}")
if not accepted:
    print("the server log names no accepted request")
    sys.exit(1)
if not_sipp:
    print(f"{len(not_sipp)} accepted requests are not in SIPp's log, e.g. {not_sipp[:3]}")
    sys.exit(1)
if missing:
    print(f"{len(missing)} accepted requests got no final response, e.g. {missing[:5]}")
    sys.exit(1)
PY
pass "every request the server took on was answered: $(cat "$work/check.out")"
