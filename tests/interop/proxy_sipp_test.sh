#!/usr/bin/env bash
# Interop: the stateful proxy of `dialtone serve` (RFC 3261 §16) between SIPp callers and
# SIPp callees registered to it, on loopback:
#   - a call to a registered UAS with Record-Route; ACK and BYE follow the route set and
#     reach the UAS with the proxy's Route removed (§16.4, §16.6 step 4);
#   - CANCEL before the answer: 200 for the CANCEL from the proxy, CANCEL to the callee,
#     487 to the caller, each 487 ACKed hop by hop (§16.10);
#   - parallel forking to two contacts: one answers, the other gets CANCEL (§16.7 step 10);
#   - 486 from the callee forwarded and ACKed hop by hop; 404 for an unknown user of our
#     domain; 483 for Max-Forwards 0 (§16.3);
#   - a dial-plan rule that routes back to the proxy unchanged is a loop (482), one that
#     strips a digit and comes back to a registered user is a spiral and completes (§16.3
#     step 4, the branch's loop half, §16.6 step 8);
#   - a dial-plan rule fails over from a gateway answering 503 to a second one (§16.7);
#   - sequential forking by q-value moves on after a 486 and after no answer;
#   - redirect mode answers 302 with the registered contact (§16.5, §8.3).
# SIPp 3.6 answers only MD5 challenges: the registrar offers MD5. Callers come from a
# trusted peer (127.0.0.1), so calls are not challenged; the digest path of calls is
# covered by the unit tests and the baresip test.
# Usage: bash proxy_sipp_test.sh /path/to/dialtone
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
scenarios=$here/scenarios
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init proxy_sipp
uas_pids=()
# The callees run in the background: stop those still running when the test ends early.
stop_callees() {
    local p
    for p in "${uas_pids[@]}"; do kill "$p" 2>/dev/null || true; done
    serve_lib_cleanup
}
trap stop_callees EXIT
command -v sipp >/dev/null || fail "sipp not installed (scripts/install-deps.sh)"
command -v ss >/dev/null || fail "ss (iproute2) not installed"

users=(bob carol dave erin frank grace)
: >"$work/users.csv"
for u in "${users[@]}"; do
    printf '%s,example.test,%s-pw\n' "$u" "$u" >>"$work/users.csv"
    printf 'SEQUENTIAL\n%s;example.test;%s-pw;[authentication username=%s password=%s-pw]\n' \
        "$u" "$u" "$u" "$u" >"$work/$u.sipp"
done
"$bin" user import "$work/users.csv" --db "$work/dialtone.db" >"$work/import.out" 2>&1 ||
    fail "user import failed: $(cat "$work/import.out")"

next_port=200
# new_port VAR: sets VAR to a free port, a different one on each call (not in a subshell,
# which would lose the count).
new_port() {
    next_port=$((next_port + 7))
    printf -v "$1" '%s' "$(pick_port "$next_port")" || fail "no free port"
    [[ -n ${!1} ]] || fail "no free port"
}

# wait_bound PORT: until a process listens on UDP PORT (the background SIPp is ready).
wait_bound() {
    local i
    for ((i = 0; i < 100; i++)); do
        [[ -n $(ss -Hlun "sport = :$1") ]] && return 0
        sleep 0.05
    done
    fail "nothing bound UDP port $1"
}

sipp_run() {
    local name=$1 rc=0
    shift
    (cd "$work" && timeout 40 sipp "$@" -t u1 -i 127.0.0.1 -m 1 -nostdin -timeout 15s \
        -timeout_error -trace_err -error_file "$work/$name.errors") >"$work/$name.out" 2>&1 ||
        rc=$?
    if ((rc != 0)); then
        tail -n 20 "$work/$name.out" >&2 || true
        tail -n 40 "$work/$name.errors" >&2 || true
        fail "$name: SIPp exit $rc"
    fi
}

# register USER PORT Q: binds USER@example.test to 127.0.0.1:PORT with q-value Q.
register() {
    sipp_run "register-$1-$2" -sf "$scenarios/proxy_register.xml" -inf "$work/$1.sipp" \
        -p "$2" -key q "$3" -auth_uri example.test "127.0.0.1:$port"
}

# start_uas NAME SCENARIO PORT [SIPP ARGS]: a callee in the background; sets uas_pid.
# SCENARIO is a file of scenarios/, or a path.
start_uas() {
    local name=$1 scenario=$2 uport=$3
    shift 3
    [[ $scenario == /* ]] || scenario=$scenarios/$scenario
    (cd "$work" && exec timeout 40 sipp -sf "$scenario" -t u1 -i 127.0.0.1 \
        -p "$uport" -m 1 -nostdin -timeout 20s -timeout_error -trace_err \
        -error_file "$work/$name.errors" -trace_msg -message_file "$work/$name.msg" "$@") \
        >"$work/$name.out" 2>&1 &
    uas_pid=$!
    uas_pids+=("$uas_pid")
    wait_bound "$uport"
}

# wait_uas PID NAME: the callee's scenario ended well.
wait_uas() {
    local rc=0
    wait "$1" || rc=$?
    if ((rc != 0)); then
        tail -n 20 "$work/$2.out" >&2 || true
        tail -n 40 "$work/$2.errors" >&2 || true
        fail "$2: SIPp callee exit $rc"
    fi
}

# rejecting STATUS REASON: the path of a callee scenario that refuses with that status.
rejecting() {
    sed -e "s/STATUS/$1/" -e "s/REASON/$2/" "$scenarios/proxy_uas_reject.xml" \
        >"$work/reject-$1.xml"
    echo "$work/reject-$1.xml"
}

# call NAME SERVICE: a caller's call that must complete (INVITE ... BYE 200).
call() {
    local caller_port
    new_port caller_port
    sipp_run "$1" -sf "$scenarios/proxy_uac_call.xml" -s "$2" -key domain example.test \
        -p "$caller_port" "127.0.0.1:$port"
}

# refused NAME SERVICE STATUS [MAX-FORWARDS [SIPP ARGS]]: a call that must end with STATUS.
refused() {
    local name=$1 service=$2 status=$3 maxfwd=${4:-70}
    shift 4 || shift $#
    local caller_port
    new_port caller_port
    sed -e "s/STATUS/$status/g" -e "s/MAXFWD/$maxfwd/" "$scenarios/proxy_uac_refused.xml" \
        >"$work/$name.xml"
    sipp_run "$name" -sf "$work/$name.xml" -s "$service" -key domain example.test \
        -p "$caller_port" "$@" "127.0.0.1:$port"
}

# fork_call USER Q1 CALLEE1 Q2 CALLEE2: registers two contacts of USER with those q-values,
# starts a callee scenario on each, calls USER and waits for both callees to succeed.
fork_call() {
    local user=$1 p1 p2 pid1 pid2
    new_port p1
    new_port p2
    register "$user" "$p1" "$2"
    register "$user" "$p2" "$4"
    start_uas "uas-$user-1" "$3" "$p1"
    pid1=$uas_pid
    start_uas "uas-$user-2" "$5" "$p2"
    pid2=$uas_pid
    call "call-$user" "$user"
    wait_uas "$pid1" "uas-$user-1"
    wait_uas "$pid2" "uas-$user-2"
}

# write_config FILE FORKING MODE: the server's config; SIP on udp 127.0.0.1:$port.
write_config() {
    cat >"$1" <<TOML
[server]
listen = ["udp:127.0.0.1:$port"]
workers = 2
admin = "off"
log_level = "debug"

[registrar]
domains = ["example.test"]
auth_algorithms = ["MD5"]

[proxy]
trusted_peers = ["127.0.0.1"]
forking = "$2"
mode = "$3"
sequential_timeout = 2

[[dialplan]]
name = "gateways"
prefix = "00"
targets = ["sip:127.0.0.1:$gw1", "sip:127.0.0.1:$gw2"]

[[dialplan]]
name = "back-to-us"
prefix = "7"
targets = ["sip:127.0.0.1:$port"]

[[dialplan]]
name = "spiral"
prefix = "9"
strip = 1
targets = ["sip:example.test:$port;maddr=127.0.0.1"]
TOML
    "$bin" config check "$1" >"$work/check.out" 2>&1 || fail "config check: $(cat "$work/check.out")"
}

# serve FORKING MODE: (re)starts the server on the same database and port.
serve() {
    write_config "$work/$1-$2.toml" "$1" "$2"
    local chosen=$port
    start_server "$work/server-$1-$2.log" --config "$work/$1-$2.toml"
    port=$chosen
}

port=$(pick_port 150) || fail "no free port for the server"
new_port gw1
new_port gw2
serve parallel proxy
pass "server pid $server_pid on udp 127.0.0.1:$port"

# 1. A call with Record-Route; ACK and BYE by the route set.
new_port b1
register bob "$b1" 1.0
start_uas uas-bob proxy_uas_answer.xml "$b1"
pid=$uas_pid
call call-bob bob
wait_uas "$pid" uas-bob
pass "call to a registered UAS: Record-Route in INVITE and 200, ACK and BYE via Route, no Route left at the UAS"

# 2. CANCEL before the answer.
new_port c1
register carol "$c1" 1.0
start_uas uas-carol proxy_uas_ring.xml "$c1"
pid=$uas_pid
new_port caller_port
sipp_run cancel-carol -sf "$scenarios/proxy_uac_cancel.xml" -s carol -key domain example.test \
    -p "$caller_port" "127.0.0.1:$port"
wait_uas "$pid" uas-carol
pass "CANCEL: 200 and 487 to the caller, CANCEL to the callee, its 487 ACKed by the proxy"

# 3. Parallel forking: one contact answers, the other is cancelled.
fork_call dave 1.0 proxy_uas_answer.xml 1.0 proxy_uas_ring.xml
pass "forking: one contact answered, the other got CANCEL and its 487 was ACKed"

# 4. 486 forwarded and ACKed hop by hop.
new_port e1
register erin "$e1" 1.0
start_uas uas-erin "$(rejecting 486 "Busy Here")" "$e1"
pid=$uas_pid
refused busy-erin erin 486
wait_uas "$pid" uas-erin
pass "486 forwarded to the caller, ACKed by the proxy to the callee and by the caller to the proxy"

# 5-7. Refusals of the proxy itself.
refused unknown-user nobody 404
pass "404 for an unknown user of our domain"
refused max-forwards bob 483 0
pass "483 for Max-Forwards 0"
refused loop 7000 482
pass "482 for a request routed back to the proxy unchanged (a loop)"

# 8. A spiral: the rule strips the 9 and sends it back to us, now for bob.
start_uas uas-bob-spiral proxy_uas_answer.xml "$b1"
pid=$uas_pid
call spiral 9bob
wait_uas "$pid" uas-bob-spiral
pass "spiral through the proxy twice (9bob -> bob) completed"

# 9. Dial-plan failover: the first gateway answers 503, the second answers.
start_uas gw1 "$(rejecting 503 "Service Unavailable")" "$gw1"
pid1=$uas_pid
start_uas gw2 proxy_uas_answer.xml "$gw2"
pid2=$uas_pid
call gateway 0044123456
wait_uas "$pid1" gw1
wait_uas "$pid2" gw2
pass "dial plan: 503 from the first gateway, the call completed through the second"
stop_server

# 10-11. Sequential forking by q-value.
serve sequential proxy
fork_call frank 1.0 "$(rejecting 486 "Busy Here")" 0.5 proxy_uas_answer.xml
pass "sequential forking: q=1.0 answered 486, q=0.5 answered the call"

started=$(date +%s%N)
fork_call grace 1.0 proxy_uas_ring.xml 0.5 proxy_uas_answer.xml
elapsed_ms=$((($(date +%s%N) - started) / 1000000))
((elapsed_ms >= 1900)) || fail "the second group answered after $elapsed_ms ms, before the 2 s timeout"
pass "sequential forking: q=1.0 rang 2 s and was cancelled, q=0.5 answered ($elapsed_ms ms)"
stop_server

# 12. Redirect mode: 302 with the registered contact.
serve parallel redirect
refused redirect bob 302 70 -trace_msg
grep -A20 '302 Moved Temporarily' "$work"/*redirect*_messages.log |
    grep -qi "^Contact:.*sip:bob@127.0.0.1:$b1" ||
    fail "the 302 does not list bob's contact 127.0.0.1:$b1"
pass "redirect mode: 302 with the registered contact"
stop_server
