#!/usr/bin/env bash
# Interop: `dialtone serve --tls-verify-client` (mutual TLS, RFC 3261 §26.2.1) with
# certificates made at test time by the openssl CLI; the client is `openssl s_client`
# (Debian's SIPp has no TLS).
#   - a client without a certificate is refused (no answer);
#   - a client whose certificate the CA signed is served (200 OK);
#   - a client with a self-signed certificate is refused;
#   - start-up fails with exit 1 and a message naming the file when the key cannot be
#     loaded, and when --tls-verify-client lacks --tls-ca.
# Usage: bash tls_verify_client_test.sh /path/to/dialtone
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init tls_verify_client

make_certs "$work/certs"
certs=$work/certs

# --- start-up errors ----------------------------------------------------------------------
startup_error() {
    local name=$1 want=$2
    shift 2
    local rc=0
    timeout 10 "$bin" serve "$@" --db "$work/startup.db" >"$work/$name.out" 2>&1 || rc=$?
    ((rc != 0)) || fail "$name: serve started, expected a start-up error"
    grep -qF -- "$want" "$work/$name.out" || { cat "$work/$name.out" >&2; fail "$name: message does not name '$want'"; }
    pass "$name: exit $rc naming $want"
}
p=$(pick_port 11) || fail "no free port"
startup_error missing_key "$certs/nope.key" -l "tls:127.0.0.1:$p" \
    --tls-cert "$certs/server.pem" --tls-key "$certs/nope.key"
startup_error key_mismatch "$certs/client.key" -l "tls:127.0.0.1:$p" \
    --tls-cert "$certs/server.pem" --tls-key "$certs/client.key"
startup_error verify_without_ca "--tls-ca" -l "tls:127.0.0.1:$p" \
    --tls-cert "$certs/server.pem" --tls-key "$certs/server.key" --tls-verify-client

# --- mutual TLS ---------------------------------------------------------------------------
start_server "$work/server.log" --workers 2 --log-level debug -l "tls:127.0.0.1:@TLSPORT@" \
    --tls-cert "$certs/server.pem" --tls-key "$certs/server.key" --tls-ca "$certs/ca.pem" \
    --tls-verify-client
grep -q 'event=listening transport=tls .*verify_client=true' "$server_log" ||
    fail "TLS listener does not report verify_client=true"
pass "server pid $server_pid: tls on $tls_port, client certificates required"

request() {
    printf 'OPTIONS sip:127.0.0.1:%s;transport=tls SIP/2.0\r\nVia: SIP/2.0/TLS 127.0.0.1:9;branch=z9hG4bK%s;rport\r\nMax-Forwards: 70\r\nTo: <sip:127.0.0.1>\r\nFrom: <sip:interop@127.0.0.1>;tag=%s\r\nCall-ID: %s@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n' \
        "$tls_port" "$1" "$1" "$1" >"$work/$1.sip"
}

request nocert
tls_request nocert "$tls_port" "$work/nocert.sip"
if grep -q '^SIP/2.0' "$work/nocert.out"; then
    cat "$work/nocert.out" >&2
    fail "a client without a certificate was answered"
fi
grep -qiE 'alert|error|errno' "$work/nocert.out" ||
    { cat "$work/nocert.out" >&2; fail "no TLS failure reported to the client without a certificate"; }
pass "no client certificate: refused"

request signed
tls_request signed "$tls_port" "$work/signed.sip" -cert "$certs/client.pem" -key "$certs/client.key"
grep -q '^SIP/2.0 200 OK' "$work/signed.out" ||
    { cat "$work/signed.out" >&2; fail "a client with a CA-signed certificate was not answered 200"; }
pass "CA-signed client certificate: 200 OK"

request stranger
tls_request stranger "$tls_port" "$work/stranger.sip" -cert "$certs/stranger.pem" -key "$certs/stranger.key"
if grep -q '^SIP/2.0' "$work/stranger.out"; then
    cat "$work/stranger.out" >&2
    fail "a client with a self-signed certificate was answered"
fi
pass "self-signed client certificate: refused"

grep -q 'event=stream_close transport=tls .*reason="TLS handshake failed' "$server_log" ||
    fail "server log shows no refused TLS handshake"
stop_server 5
echo "PASS: tls_verify_client_test"
