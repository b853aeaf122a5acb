#!/usr/bin/env bash
# Interop: `dialtone serve --workers 2` answers OPTIONS with 200 over UDP, TCP and TLS.
#   - SIPp over UDP (-t u1) and TCP (-t t1), several calls each, so Call-IDs land on both
#     workers (DESIGN.md §2.5);
#   - TLS (RFC 3261 §26.2.1) with a certificate made at test time by the openssl CLI. Debian's
#     SIPp is built without OpenSSL ("-t l1": "To use a TLS transport you must compile SIPp
#     with OpenSSL"), and sipsak 0.9.8.1 sends over TLS but fails to read the answer
#     ("select returned error"), so the TLS client is `openssl s_client`, which also checks
#     the server's certificate chain and its IP address;
#   - SIGTERM with a TLS connection open: exit status 0 within the grace bound.
# Usage: bash transports_options_test.sh /path/to/dialtone
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init transports_options
command -v sipp >/dev/null || fail "sipp not installed (scripts/install-deps.sh)"

make_certs "$work/certs"
start_server "$work/server.log" --workers 2 --log-level debug \
    -l "127.0.0.1:@PORT@" -l "tls:127.0.0.1:@TLSPORT@" \
    --tls-cert "$work/certs/server.pem" --tls-key "$work/certs/server.key"
pass "server pid $server_pid: udp+tcp on $port, tls on $tls_port"
grep -q 'event=listening transport=udp addr=127.0.0.1:'"$port"' sockets=2' "$server_log" ||
    fail "expected one UDP socket per worker (sockets=2)"
grep -q "event=listening transport=tls addr=127.0.0.1:$tls_port" "$server_log" ||
    fail "no TLS listener in the log"

# --- SIPp over UDP and TCP ----------------------------------------------------------------
run_sipp() {
    local name=$1 transport=$2 calls=$3
    local local_port rc=0
    local_port=$(pick_port 97) || fail "no free port for SIPp"
    (cd "$work" && timeout 40 sipp -sf "$here/scenarios/options_200.xml" -t "$transport" \
        -m "$calls" -r 20 -l 1 -i 127.0.0.1 -p "$local_port" -nostdin -timeout 20s -timeout_error \
        -trace_err -error_file "$work/$name.errors" "127.0.0.1:$port") >"$work/$name.out" 2>&1 || rc=$?
    if ((rc != 0)); then
        tail -n 30 "$work/$name.out" >&2
        [[ -f $work/$name.errors ]] && cat "$work/$name.errors" >&2
        fail "$name: sipp exit $rc over $transport"
    fi
    pass "$name: $calls OPTIONS over $transport, each answered 200"
}
run_sipp sipp_udp u1 10
run_sipp sipp_tcp t1 10
udp_answered=$(grep -c 'event=message transport=udp .*method=OPTIONS outcome=answered status=200' "$server_log" || true)
((udp_answered >= 10)) || fail "server log shows $udp_answered UDP OPTIONS answered, expected 10"

# --- TLS with openssl s_client ------------------------------------------------------------
printf 'OPTIONS sip:127.0.0.1:%s;transport=tls SIP/2.0\r\nVia: SIP/2.0/TLS 127.0.0.1:9;branch=z9hG4bKtls1;rport\r\nMax-Forwards: 70\r\nTo: <sip:127.0.0.1>\r\nFrom: <sip:interop@127.0.0.1>;tag=tls1\r\nCall-ID: tls-1@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n' \
    "$tls_port" >"$work/options_tls.sip"
tls_request tls_options "$tls_port" "$work/options_tls.sip"
grep -q '^SIP/2.0 200 OK' "$work/tls_options.out" ||
    { cat "$work/tls_options.out" >&2; fail "no 200 OK over TLS"; }
grep -q 'Via: SIP/2.0/TLS 127.0.0.1:9;branch=z9hG4bKtls1;rport=' "$work/tls_options.out" ||
    fail "TLS 200 does not carry the request's Via with rport filled (RFC 3581 §4)"
grep -q 'event=message transport=tls .*method=OPTIONS outcome=answered status=200' "$server_log" ||
    fail "server log shows no TLS OPTIONS answered"
pass "tls: 200 OK, server certificate verified for 127.0.0.1"

# --- SIGTERM with a TLS connection open ---------------------------------------------------
# A TLS client that holds its connection until the server closes it (at most 20 s).
cat >"$work/hold_tls.py" <<'PY'
import socket, ssl, sys, time
port, ca, marker = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ctx = ssl.create_default_context(cafile=ca)
ctx.check_hostname = False  # the certificate names IP 127.0.0.1; chain checked below
with socket.create_connection(("127.0.0.1", port), timeout=20) as raw:
    with ctx.wrap_socket(raw) as tls:
        open(marker, "w").write("connected\n")
        try:
            while tls.recv(4096):
                pass
            print("closed by server")
        except (ssl.SSLError, ConnectionError) as e:
            print("closed by server:", e)
PY
timeout 25 python3 "$work/hold_tls.py" "$tls_port" "$work/certs/ca.pem" "$work/held" \
    >"$work/hold_tls.out" 2>&1 &
holder_pid=$!
for ((i = 0; i < 50; i++)); do
    [[ -f $work/held ]] && break
    sleep 0.1
done
[[ -f $work/held ]] || { cat "$work/hold_tls.out" >&2; fail "the TLS client could not connect"; }
stop_server 5
wait "$holder_pid" || { cat "$work/hold_tls.out" >&2; fail "the TLS client was not closed cleanly"; }
grep -q 'closed by server' "$work/hold_tls.out" || fail "the TLS client's connection was not closed"
grep -q 'event=stopping signal=SIGTERM' "$server_log" || fail "no stopping line in the log"
pass "SIGTERM with an open TLS connection: it is closed, exit 0"
echo "PASS: transports_options_test"
