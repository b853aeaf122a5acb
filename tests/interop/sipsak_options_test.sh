#!/usr/bin/env bash
# Interop: `dialtone serve` against real SIP peers on loopback.
#   - sipsak OPTIONS over UDP and over TCP get 200 OK (RFC 3261 §11.2)
#   - SIPp scenarios (scenarios/*.xml) over UDP and TCP: OPTIONS -> 200 with Allow/Accept
#     and a To tag; INVITE -> 407 (zero-config proxy challenge), the ACK goes unanswered (§17.1.1.3)
#   - the same OPTIONS scenario over IPv6 ([::1]) when the loopback has IPv6
#   - SIGTERM stops the server, with a TCP connection still open, exit status 0
# Usage: bash sipsak_options_test.sh /path/to/dialtone
# Ports, the work dir, starting and stopping the server: serve_lib.sh. Every wait is bounded;
# the server is cleaned up by PID on any exit.
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init sipsak_options
for tool in sipsak sipp; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool not installed (scripts/install-deps.sh)" >&2; exit 1; }
done
scenarios=$here/scenarios

have_ipv6_loopback() {
    [[ -r /proc/net/if_inet6 ]] && grep -Eq '^0{31}1 .* lo$' /proc/net/if_inet6
}

ipv6=false
if have_ipv6_loopback; then ipv6=true; fi
listen=(-l "127.0.0.1:@PORT@")
if $ipv6; then listen+=(-l "[::1]:@PORT@"); fi

start_server "$work/server.log" "${listen[@]}" --log-level debug
pass "server pid $server_pid listening on port $port (udp+tcp, ipv6=$ipv6)"
grep -q "db=$work/dialtone.db" "$work/server.log" || fail "start-up line does not report --db"
[[ -s $work/dialtone.db ]] || fail "serve did not create its SQLite database $work/dialtone.db"
grep -q "event=database_open .*journal=wal" "$work/server.log" ||
    fail "start-up log does not show the database open in WAL mode"

# --- sipsak ---------------------------------------------------------------------------
run_sipsak() {
    local name=$1
    shift
    local rc=0
    timeout 20 sipsak -vv "$@" -s "sip:127.0.0.1:$port" >"$work/$name.out" 2>&1 || rc=$?
    if ((rc != 0)) || ! grep -q '^SIP/2.0 200 OK' "$work/$name.out"; then
        cat "$work/$name.out" >&2
        fail "$name: sipsak exit $rc, expected 0 and a 200 OK"
    fi
    pass "$name: 200 OK"
}
run_sipsak sipsak_udp
run_sipsak sipsak_tcp --transport tcp

# --- SIPp -----------------------------------------------------------------------------
run_sipp() {
    local name=$1 scenario=$2 transport=$3 local_ip=$4 target=$5
    local local_port rc=0
    local_port=$(pick_port 97) || fail "no free port for SIPp"
    (cd "$work" && timeout 40 sipp -sf "$scenarios/$scenario" -t "$transport" -m 1 \
        -i "$local_ip" -p "$local_port" -nostdin -timeout 20s -timeout_error \
        -trace_err -error_file "$work/$name.errors" "$target") >"$work/$name.out" 2>&1 || rc=$?
    if ((rc != 0)); then
        tail -n 30 "$work/$name.out" >&2
        [[ -f $work/$name.errors ]] && cat "$work/$name.errors" >&2
        fail "$name: sipp exit $rc (scenario $scenario over $transport)"
    fi
    pass "$name: $scenario over $transport"
}
run_sipp sipp_options_udp options_200.xml u1 127.0.0.1 "127.0.0.1:$port"
run_sipp sipp_options_tcp options_200.xml t1 127.0.0.1 "127.0.0.1:$port"
run_sipp sipp_invite_udp invite_407.xml u1 127.0.0.1 "127.0.0.1:$port"
run_sipp sipp_invite_tcp invite_407.xml t1 127.0.0.1 "127.0.0.1:$port"
if $ipv6; then
    run_sipp sipp_options_udp6 options_200.xml u1 ::1 "[::1]:$port"
    run_sipp sipp_options_tcp6 options_200.xml t1 ::1 "[::1]:$port"
else
    echo "note: no IPv6 loopback here; IPv6 scenarios not run"
fi
grep -q 'method=ACK outcome=ack_absorbed' "$work/server.log" || fail "server log shows no absorbed ACK"

# --- clean stop -----------------------------------------------------------------------
# Hold a TCP connection open: stopping must close it, not wait for it.
exec 3<>"/dev/tcp/127.0.0.1/$port" || fail "cannot open a TCP connection to the server"
stop_server 5
exec 3>&-
grep -q 'event=stopping signal=SIGTERM' "$work/server.log" || fail "no stopping line in the log"
pass "SIGTERM: exit 0"
echo "PASS: sipsak_options_test"
