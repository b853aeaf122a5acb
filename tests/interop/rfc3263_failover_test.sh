#!/usr/bin/env bash
# Interop: RFC 3263 §4.3 failover of `dialtone options` against dnsmasq (NAPTR, SRV, A on
# loopback) and a real `dialtone serve`. The better-priority SRV target fails; the request
# must then go to the second target, which answers 200:
#   1. udp.test: the first target is a UDP sink that never answers (timeout, Timer F =
#      64*T1 with --t1 50 = 3.2 s); its log must show the OPTIONS (and retransmissions)
#      before the second target answered.
#   2. tcp.test: the first target is a TCP port nobody listens on (connection refused: a
#      transport error, §8.1.3.1), so the second is tried at once.
#   3. busy.test: the first target answers 503 (§4.3: "treated as a failure"); the 503 is
#      not what the command reports.
#   4. dead.test: both targets silent: exit 1 reporting 408 after two timeouts.
# Usage: bash rfc3263_failover_test.sh /path/to/dialtone
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init rfc3263_failover
dnsmasq=/usr/sbin/dnsmasq
[[ -x $dnsmasq ]] || fail "$dnsmasq not installed (dnsmasq-base, scripts/install-deps.sh)"

# Processes besides the server: killed by PID on exit, then serve_lib's cleanup runs.
helper_pids=()
cleanup() {
    local p
    for p in "${helper_pids[@]}"; do
        kill -TERM "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    serve_lib_cleanup
}
trap cleanup EXIT

start_server "$work/server.log" -l "127.0.0.1:@PORT@"
pass "dialtone serve pid $server_pid on udp+tcp 127.0.0.1:$port"

# start_sink NAME MODE: a python UDP target; sets sink_port.
start_sink() {
    local name=$1 mode=$2 i
    rm -f "$work/$name.port"
    : >"$work/$name.log"
    # It exits by itself after 60 s without a datagram; normally it is killed by PID first.
    python3 "$here/udp_sink.py" "$work/$name.port" "$work/$name.log" "$mode" &
    helper_pids+=($!)
    for ((i = 0; i < 100; i++)); do
        [[ -s $work/$name.port ]] && break
        sleep 0.05
    done
    [[ -s $work/$name.port ]] || fail "sink $name did not start"
    sink_port=$(cat "$work/$name.port")
}
start_sink silent silent
silent_port=$sink_port
start_sink busy 503
busy_port=$sink_port
start_sink dead2 silent
dead2_port=$sink_port
# A TCP port with no listener: picked free, never bound.
closed_port=$(pick_port 77) || fail "no free port"
[[ $closed_port != "$port" ]] || fail "closed port collides with the server's"

zone=(
    --local=/udp.test/ --local=/tcp.test/ --local=/busy.test/ --local=/dead.test/
    --host-record=sink.test,127.0.0.1
    --host-record=server.test,127.0.0.1
    --naptr-record=udp.test,10,10,S,SIP+D2U,,_sip._udp.udp.test
    --srv-host=_sip._udp.udp.test,sink.test,"$silent_port",10,0
    --srv-host=_sip._udp.udp.test,server.test,"$port",20,0
    --naptr-record=tcp.test,10,10,S,SIP+D2T,,_sip._tcp.tcp.test
    --srv-host=_sip._tcp.tcp.test,sink.test,"$closed_port",10,0
    --srv-host=_sip._tcp.tcp.test,server.test,"$port",20,0
    --naptr-record=busy.test,10,10,S,SIP+D2U,,_sip._udp.busy.test
    --srv-host=_sip._udp.busy.test,sink.test,"$busy_port",10,0
    --srv-host=_sip._udp.busy.test,server.test,"$port",20,0
    --naptr-record=dead.test,10,10,S,SIP+D2U,,_sip._udp.dead.test
    --srv-host=_sip._udp.dead.test,sink.test,"$silent_port",10,0
    --srv-host=_sip._udp.dead.test,sink.test,"$dead2_port",20,0
    --host-record=ready.udp.test,127.0.0.1
)

dns_port=""
for attempt in 1 2 3 4 5; do
    dns_port=$(pick_port "$((attempt + 20))") || fail "no free port"
    : >"$work/dnsmasq.log"
    "$dnsmasq" --keep-in-foreground --conf-file=/dev/null --no-hosts --no-resolv \
        --pid-file= --port="$dns_port" --listen-address=127.0.0.1 --bind-interfaces \
        --log-queries --log-facility=- --local-ttl=60 "${zone[@]}" >>"$work/dnsmasq.log" 2>&1 &
    dns_pid=$!
    helper_pids+=("$dns_pid")
    up=""
    for ((i = 0; i < 50; i++)); do
        kill -0 "$dns_pid" 2>/dev/null || break
        if timeout 5 "$bin" resolve sip:ready.udp.test:5060 -4 --timeout-ms 200 --tries 1 \
            --dns-server "127.0.0.1:$dns_port" >/dev/null 2>&1; then
            up=1
            break
        fi
        sleep 0.1
    done
    [[ -n $up ]] && break
    kill -KILL "$dns_pid" 2>/dev/null || true
    dns_port=""
done
[[ -n $dns_port ]] || fail "dnsmasq did not start"
pass "dnsmasq pid $dns_pid on 127.0.0.1:$dns_port"

# options NAME URI [ARGS...]: runs `dialtone options`; output in $work/NAME.{out,err,rc}.
options() {
    local name=$1 uri=$2 rc=0
    shift 2
    timeout 30 "$bin" options "$uri" --t1 50 --dns-server "127.0.0.1:$dns_port" "$@" \
        >"$work/$name.out" 2>"$work/$name.err" || rc=$?
    echo "$rc" >"$work/$name.rc"
}
show() {
    echo "--- $1: exit $(cat "$work/$1.rc") ---" >&2
    cat "$work/$1.out" "$work/$1.err" >&2
}

# 1. Silent UDP target, then the server.
options udp sip:udp.test
[[ $(cat "$work/udp.rc") == 0 ]] || { show udp; fail "udp.test: exit status not 0"; }
grep -q '^SIP/2.0 200 ' "$work/udp.out" || { show udp; fail "udp.test: no 200 printed"; }
grep -q '^Allow: ' "$work/udp.out" || { show udp; fail "udp.test: no Allow header printed"; }
grep -q "^trying 1/2: udp 127.0.0.1:$silent_port " "$work/udp.err" ||
    { show udp; fail "udp.test: the silent target was not tried first"; }
grep -q "^failed: udp 127.0.0.1:$silent_port: timeout" "$work/udp.err" ||
    { show udp; fail "udp.test: no timeout reported for the silent target"; }
grep -q "^trying 2/2: udp 127.0.0.1:$port " "$work/udp.err" ||
    { show udp; fail "udp.test: the server was not tried second"; }
# The sink got the request, retransmitted by Timer E, all on the first attempt's branch.
received=$(grep -c '^OPTIONS ' "$work/silent.log" || true)
((received >= 3)) || fail "udp.test: the silent sink got $received OPTIONS, expected the request and its retransmissions"
branches=$(awk '{print $2}' "$work/silent.log" | sort -u | wc -l)
[[ $branches == 1 ]] || fail "udp.test: the sink saw $branches branches, expected one transaction"
pass "udp.test: silent target got $received transmissions, then 200 from the second target"

# 2. Connection refused on TCP, then the server over TCP.
options tcp sip:tcp.test
[[ $(cat "$work/tcp.rc") == 0 ]] || { show tcp; fail "tcp.test: exit status not 0"; }
grep -q '^SIP/2.0 200 ' "$work/tcp.out" || { show tcp; fail "tcp.test: no 200 printed"; }
grep -q "^failed: tcp 127.0.0.1:$closed_port: transport error" "$work/tcp.err" ||
    { show tcp; fail "tcp.test: the closed port did not fail with a transport error"; }
grep -q "^trying 2/2: tcp 127.0.0.1:$port " "$work/tcp.err" ||
    { show tcp; fail "tcp.test: the server was not tried second"; }
pass "tcp.test: connection refused, then 200 over TCP"

# 3. 503 from the first target.
options busy sip:busy.test
[[ $(cat "$work/busy.rc") == 0 ]] || { show busy; fail "busy.test: exit status not 0"; }
grep -q '^SIP/2.0 200 ' "$work/busy.out" || { show busy; fail "busy.test: no 200 printed"; }
grep -q "^failed: udp 127.0.0.1:$busy_port: 503" "$work/busy.err" ||
    { show busy; fail "busy.test: the 503 did not move on to the next target"; }
[[ $(grep -c '^OPTIONS ' "$work/busy.log" || true) -ge 1 ]] || fail "busy.test: the 503 sink got nothing"
pass "busy.test: 503 from the first target, 200 from the second"

# 4. Every target silent: 408, exit 1.
options dead sip:dead.test
[[ $(cat "$work/dead.rc") == 1 ]] || { show dead; fail "dead.test: exit status not 1"; }
grep -q "408 (no answer)" "$work/dead.err" || { show dead; fail "dead.test: no 408 reported"; }
[[ $(grep -c '^OPTIONS ' "$work/dead2.log" || true) -ge 1 ]] || fail "dead.test: the second target was never tried"
pass "dead.test: both targets silent, 408 and exit 1"

# 5. A name with no records: DNS failure, exit 1 with the lookups named.
options nxdomain sip:nothing.udp.test
[[ $(cat "$work/nxdomain.rc") == 1 ]] || { show nxdomain; fail "nothing.udp.test: exit status not 1"; }
grep -q "DNS: " "$work/nxdomain.err" || { show nxdomain; fail "nothing.udp.test: no DNS failure reported"; }
pass "nothing.udp.test: DNS failure, exit 1"

stop_server 10
pass "rfc3263 failover"
