#!/usr/bin/env bash
# Interop: `dialtone resolve` (RFC 3263 over c-ares) against a real DNS server, dnsmasq,
# serving NAPTR, SRV, A and AAAA records for example.test on loopback.
#   - NAPTR + SRV: targets ordered by NAPTR order, then SRV priority, with the transport
#     each NAPTR service names; an unsupported service (SIP+D2S) is skipped (§4.1)
#   - sips: follows only SIPS+D2T (§4.1)
#   - explicit transport: SRV for that transport only, no NAPTR (§4.2)
#   - explicit port: A/AAAA only, no NAPTR or SRV (§4.2)
#   - numeric host: no DNS at all, not even a reachable server
#   - no NAPTR: SRV per transport; no SRV either: A with UDP and port 5060 (§4.1, §4.2)
#   - a name with no records and a bad URI: exit 1 with a message
# Which questions were asked is read from dnsmasq's query log.
# Usage: bash resolve_dnsmasq_test.sh /path/to/dialtone
# Ports: serve_lib.sh picks free ones in 30000-39999; dnsmasq is killed by PID on exit.
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init resolve
dnsmasq=/usr/sbin/dnsmasq
[[ -x $dnsmasq ]] || fail "$dnsmasq not installed (dnsmasq-base, scripts/install-deps.sh)"
# serve_lib's fail shows this log's tail; its exit trap kills server_pid, here dnsmasq.
server_log=$work/dnsmasq.log
dns_pid=""

# The zone. dnsmasq answers these names from its own configuration; --local makes it the
# authority for the test domains, so a missing record is NXDOMAIN/NODATA, never REFUSED.
zone=(
    --local=/example.test/ --local=/nosrv.test/ --local=/srvonly.test/
    --naptr-record=example.test,5,10,S,SIP+D2S,,_sip._sctp.example.test
    --naptr-record=example.test,10,10,S,SIP+D2U,,_sip._udp.example.test
    --naptr-record=example.test,20,10,S,SIP+D2T,,_sip._tcp.example.test
    --naptr-record=example.test,30,10,S,SIPS+D2T,,_sips._tcp.example.test
    --srv-host=_sip._udp.example.test,b.example.test,5071,20,0
    --srv-host=_sip._udp.example.test,a.example.test,5070,10,0
    --srv-host=_sip._tcp.example.test,a.example.test,5080,10,0
    --srv-host=_sips._tcp.example.test,b.example.test,5081,10,0
    --srv-host=_sip._sctp.example.test,a.example.test,5090,10,0
    --srv-host=_sip._tcp.srvonly.test,a.example.test,5099,10,0
    --host-record=a.example.test,127.0.0.2
    --host-record=b.example.test,127.0.0.3,::1
    --host-record=example.test,127.0.0.10
    --host-record=nosrv.test,127.0.0.20
    --host-record=ready.example.test,127.0.0.1
)

start_dnsmasq() {
    local attempt i
    for attempt in 1 2 3 4 5; do
        dns_port=$(pick_port "$attempt") || fail "no free port found in 30000-39999"
        : >"$work/dnsmasq.log"
        "$dnsmasq" --keep-in-foreground --conf-file=/dev/null --no-hosts --no-resolv \
            --pid-file= --port="$dns_port" --listen-address=127.0.0.1 --bind-interfaces \
            --log-queries --log-facility=- --local-ttl=60 "${zone[@]}" \
            >>"$work/dnsmasq.log" 2>&1 &
        dns_pid=$!
        server_pid=$dns_pid
        for ((i = 0; i < 50; i++)); do
            kill -0 "$dns_pid" 2>/dev/null || break
            if timeout 5 "$bin" resolve sip:ready.example.test:5060 -4 --timeout-ms 200 \
                --tries 1 --dns-server "127.0.0.1:$dns_port" >/dev/null 2>&1; then
                return 0
            fi
            sleep 0.1
        done
        kill -TERM "$dns_pid" 2>/dev/null || true
        wait "$dns_pid" 2>/dev/null || true
        dns_pid=""
        server_pid=""
        echo "note: dnsmasq did not start on port $dns_port (attempt $attempt)" >&2
    done
    fail "dnsmasq did not start"
}

start_dnsmasq
pass "dnsmasq pid $dns_pid on 127.0.0.1:$dns_port"

# Runs `dialtone resolve` against dnsmasq; the questions it asked land in $work/$name.queries
# as "TYPE name" lines (from the query log lines this run added).
resolve() {
    local name=$1
    shift
    local before rc=0
    before=$(wc -l <"$work/dnsmasq.log")
    timeout 20 "$bin" resolve --dns-server "127.0.0.1:$dns_port" "$@" \
        >"$work/$name.out" 2>"$work/$name.err" || rc=$?
    echo "$rc" >"$work/$name.rc"
    tail -n +"$((before + 1))" "$work/dnsmasq.log" |
        sed -n 's/.*query\[\([A-Z]*\)\] \([^ ]*\) from .*/\1 \2/p' | sort -u >"$work/$name.queries"
}

expect_rc() {
    local name=$1 want=$2 got
    got=$(cat "$work/$name.rc")
    if [[ $got != "$want" ]]; then
        cat "$work/$name.out" "$work/$name.err" >&2
        fail "$name: exit status $got, expected $want"
    fi
}

expect_output() {
    local name=$1 want=$2
    if [[ $(cat "$work/$name.out") != "$want" ]]; then
        echo "--- expected ---" >&2
        echo "$want" >&2
        echo "--- got ---" >&2
        cat "$work/$name.out" "$work/$name.err" >&2
        fail "$name: wrong targets"
    fi
}

expect_queries() {
    local name=$1 want=$2
    if [[ $(cat "$work/$name.queries") != "$(echo "$want" | sort -u)" ]]; then
        echo "--- expected questions ---" >&2
        echo "$want" | sort -u >&2
        echo "--- asked ---" >&2
        cat "$work/$name.queries" >&2
        fail "$name: wrong DNS questions"
    fi
}

# --- NAPTR -> SRV -> A/AAAA -------------------------------------------------------------
resolve naptr sip:example.test
expect_rc naptr 0
expect_output naptr "1 udp 127.0.0.2:5070 (naptr 10/10 SIP+D2U, srv _sip._udp.example.test 10/0, A a.example.test)
2 udp 127.0.0.3:5071 (naptr 10/10 SIP+D2U, srv _sip._udp.example.test 20/0, A b.example.test)
3 udp [::1]:5071 (naptr 10/10 SIP+D2U, srv _sip._udp.example.test 20/0, AAAA b.example.test)
4 tcp 127.0.0.2:5080 (naptr 20/10 SIP+D2T, srv _sip._tcp.example.test 10/0, A a.example.test)
5 tls 127.0.0.3:5081 (naptr 30/10 SIPS+D2T, srv _sips._tcp.example.test 10/0, A b.example.test)
6 tls [::1]:5081 (naptr 30/10 SIPS+D2T, srv _sips._tcp.example.test 10/0, AAAA b.example.test)"
expect_queries naptr "NAPTR example.test
SRV _sip._udp.example.test
SRV _sip._tcp.example.test
SRV _sips._tcp.example.test
A a.example.test
AAAA a.example.test
A b.example.test
AAAA b.example.test"
pass "sip:example.test: NAPTR order, SRV priority, transports; SIP+D2S skipped"

resolve naptr_json sip:example.test --json -4
expect_rc naptr_json 0
grep -q '"service": "SIP+D2U"' "$work/naptr_json.out" || fail "--json: no NAPTR service"
grep -q '"name": "_sip._udp.example.test"' "$work/naptr_json.out" || fail "--json: no SRV name"
[[ $(grep -c '"index"' "$work/naptr_json.out") == 4 ]] || fail "--json -4: expected 4 targets"
pass "--json lists the same targets (IPv4 only with -4)"

resolve sips sips:example.test -4
expect_rc sips 0
expect_output sips "1 tls 127.0.0.3:5081 (naptr 30/10 SIPS+D2T, srv _sips._tcp.example.test 10/0, A b.example.test)"
expect_queries sips "NAPTR example.test
SRV _sips._tcp.example.test
A b.example.test"
pass "sips:example.test: only SIPS+D2T"

# --- explicit transport: SRV for it, no NAPTR ---------------------------------------------
resolve transport "sip:example.test;transport=tcp" -4
expect_rc transport 0
expect_output transport "1 tcp 127.0.0.2:5080 (srv _sip._tcp.example.test 10/0, A a.example.test)"
expect_queries transport "SRV _sip._tcp.example.test
A a.example.test"
pass "transport=tcp: SRV _sip._tcp only, NAPTR skipped"

# --- explicit port: A/AAAA only -----------------------------------------------------------
resolve port sip:example.test:5099
expect_rc port 0
expect_output port "1 udp 127.0.0.10:5099 (A example.test)"
expect_queries port "A example.test
AAAA example.test"
pass "explicit port: A/AAAA only, NAPTR and SRV skipped"

# --- numeric host: no DNS, not even a reachable server -------------------------------------
resolve numeric "sip:127.0.0.7:5077;transport=tcp"
expect_rc numeric 0
expect_output numeric "1 tcp 127.0.0.7:5077 (numeric)"
expect_queries numeric ""
closed_port=$(pick_port 91) || fail "no free port"
rc=0
timeout 20 "$bin" resolve --dns-server "127.0.0.1:$closed_port" --timeout-ms 100 --tries 1 \
    sips:127.0.0.7 >"$work/numeric2.out" 2>&1 || rc=$?
((rc == 0)) || fail "numeric host with no DNS server: exit $rc"
[[ $(cat "$work/numeric2.out") == "1 tls 127.0.0.7:5061 (numeric)" ]] ||
    fail "numeric sips host: got $(cat "$work/numeric2.out")"
pass "numeric host: no DNS questions, default port 5061 for sips"

# --- fallbacks: no NAPTR -> SRV per transport; no SRV -> A with UDP 5060 -------------------
resolve srvonly sip:srvonly.test -4
expect_rc srvonly 0
expect_output srvonly "1 tcp 127.0.0.2:5099 (srv _sip._tcp.srvonly.test 10/0, A a.example.test)"
expect_queries srvonly "NAPTR srvonly.test
SRV _sip._udp.srvonly.test
SRV _sip._tcp.srvonly.test
A a.example.test"
pass "no NAPTR: SRV _sip._udp and _sip._tcp asked, TCP found"

resolve nosrv sip:nosrv.test -4
expect_rc nosrv 0
expect_output nosrv "1 udp 127.0.0.20:5060 (A nosrv.test)"
expect_queries nosrv "NAPTR nosrv.test
SRV _sip._udp.nosrv.test
SRV _sip._tcp.nosrv.test
A nosrv.test"
pass "no NAPTR, no SRV: A record, UDP 5060"

# --- failures -------------------------------------------------------------------------------
resolve missing sip:missing.example.test
expect_rc missing 1
[[ -s $work/missing.out ]] && fail "missing: printed targets: $(cat "$work/missing.out")"
grep -q 'no targets for sip:missing.example.test' "$work/missing.err" ||
    fail "missing: no clear message: $(cat "$work/missing.err")"
grep -q 'NAPTR missing.example.test: no records' "$work/missing.err" ||
    fail "missing: message does not list the lookups: $(cat "$work/missing.err")"
pass "unknown name: exit 1, lookups listed"

resolve baduri "not a uri"
expect_rc baduri 1
grep -q 'is not a valid URI' "$work/baduri.err" || fail "bad URI: $(cat "$work/baduri.err")"
resolve sipsudp "sips:example.test;transport=udp"
expect_rc sipsudp 1
grep -q 'sips needs TLS' "$work/sipsudp.err" || fail "sips over udp: $(cat "$work/sipsudp.err")"
pass "bad URIs: exit 1 with a reason"

grep -q '_sip._sctp' "$work/dnsmasq.log" && fail "the unsupported SIP+D2S SRV name was queried"
echo "PASS: resolve_dnsmasq_test"
