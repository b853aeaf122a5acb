#!/usr/bin/env bash
# Interop: Via received/rport handling of `dialtone serve --workers 2` over UDP.
#   - SIPp sends OPTIONS whose Via says 192.0.2.1:5999;rport while the packet comes from
#     127.0.0.1:<SIPp port>: the 200 carries rport=<SIPp port>;received=127.0.0.1 and is sent
#     there (RFC 3581 §4, RFC 3261 §18.2.1);
#   - without rport (python3 client, two sockets): the response goes to the received
#     address at the sent-by port, not back to the source port (RFC 3261 §18.2.2), and
#     leaves from the listening port (§18.1.1).
# Usage: bash via_received_rport_test.sh /path/to/dialtone
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init via_received_rport
command -v sipp >/dev/null || fail "sipp not installed (scripts/install-deps.sh)"

start_server "$work/server.log" --workers 2 --log-level debug -l "udp:127.0.0.1:@PORT@"
pass "server pid $server_pid on udp 127.0.0.1:$port"

# --- SIPp: Via elsewhere, with rport --------------------------------------------------------
sipp_port=$(pick_port 97) || fail "no free port for SIPp"
sed "s/@LOCAL_PORT@/$sipp_port/" "$here/scenarios/options_via_elsewhere.xml" >"$work/via_elsewhere.xml"
rc=0
(cd "$work" && timeout 30 sipp -sf "$work/via_elsewhere.xml" -t u1 -m 5 -r 10 -i 127.0.0.1 \
    -p "$sipp_port" -nostdin -timeout 15s -timeout_error -trace_err \
    -error_file "$work/sipp.errors" "127.0.0.1:$port") >"$work/sipp.out" 2>&1 || rc=$?
if ((rc != 0)); then
    tail -n 30 "$work/sipp.out" >&2
    [[ -f $work/sipp.errors ]] && cat "$work/sipp.errors" >&2
    fail "sipp exit $rc: the 200 did not reach the real source, or its Via lacks rport=$sipp_port;received=127.0.0.1"
fi
pass "sipp: 5 answers reached 127.0.0.1:$sipp_port with rport=$sipp_port;received=127.0.0.1"

# --- python3: Via elsewhere, without rport --------------------------------------------------
cat >"$work/no_rport.py" <<'PY'
import socket, sys
server_port = int(sys.argv[1])
sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sender.bind(("127.0.0.1", 0))
listener.bind(("127.0.0.1", 0))
listen_port = listener.getsockname()[1]
for n, host in enumerate(["192.0.2.1", "127.0.0.1"], start=1):
    request = (
        f"OPTIONS sip:127.0.0.1:{server_port} SIP/2.0\r\n"
        f"Via: SIP/2.0/UDP {host}:{listen_port};branch=z9hG4bKnorport{n}\r\n"
        "Max-Forwards: 70\r\nTo: <sip:127.0.0.1>\r\n"
        f"From: <sip:interop@{host}>;tag=nr{n}\r\nCall-ID: norport-{n}@interop\r\n"
        f"CSeq: {n} OPTIONS\r\nContent-Length: 0\r\n\r\n")
    sender.sendto(request.encode(), ("127.0.0.1", server_port))
    listener.settimeout(3)
    try:
        data, source = listener.recvfrom(65535)
    except socket.timeout:
        sys.exit(f"{host}: no response at the sent-by port {listen_port}")
    text = data.decode(errors="replace")
    if not text.startswith("SIP/2.0 200 OK\r\n"):
        sys.exit(f"{host}: unexpected response:\n{text}")
    if source[1] != server_port:
        sys.exit(f"{host}: response came from port {source[1]}, not the listening port {server_port}")
    via = f"Via: SIP/2.0/UDP {host}:{listen_port};branch=z9hG4bKnorport{n}"
    if host != "127.0.0.1":
        via += ";received=127.0.0.1"  # sent-by differs from the source (RFC 3261 §18.2.1)
    if via + "\r\n" not in text:
        sys.exit(f"{host}: expected '{via}' in:\n{text}")
    sender.settimeout(0.3)
    try:
        sender.recvfrom(65535)
        sys.exit(f"{host}: a response went back to the source port although the Via has no rport")
    except socket.timeout:
        pass
    print(f"ok {host}")
PY
run_python no_rport 20 "$work/no_rport.py" "$port"
grep -q 'ok 192.0.2.1' "$work/no_rport.out" || fail "python client did not check the Via-elsewhere case"
pass "no rport: answered at received address + sent-by port, from the listening port"

stop_server 5
echo "PASS: via_received_rport_test"
