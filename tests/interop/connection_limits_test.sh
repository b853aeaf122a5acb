#!/usr/bin/env bash
# Interop: the limits `dialtone serve` puts on TCP connections, driven by a python3 client.
#   - --max-connections-per-ip 3: three connections are served, a fourth from the same
#     address is closed at accept without an answer (and logged); once one closes, a new
#     one is served again;
#   - --message-timeout 1: a message that stops half-way is dropped and its connection
#     closed after about a second, although the idle timeout (60 s) is far off; whole
#     messages before it are answered.
# Usage: bash connection_limits_test.sh /path/to/dialtone
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init connection_limits

start_server "$work/server.log" --workers 2 --log-level debug -l "tcp:127.0.0.1:@PORT@" \
    --max-connections-per-ip 3 --message-timeout 1 --tcp-idle-timeout 60
pass "server pid $server_pid on tcp 127.0.0.1:$port"

cat >"$work/client.py" <<'PY'
import socket, sys, time

port = int(sys.argv[1])
mode = sys.argv[2]

def options(n):
    return (f"OPTIONS sip:127.0.0.1:{port} SIP/2.0\r\n"
            f"Via: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bKlim{n};rport\r\n"
            "Max-Forwards: 70\r\nTo: <sip:127.0.0.1>\r\n"
            f"From: <sip:interop@127.0.0.1>;tag=l{n}\r\nCall-ID: limits-{n}@interop\r\n"
            f"CSeq: {n} OPTIONS\r\nContent-Length: 0\r\n\r\n").encode()

def connect():
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.settimeout(3)
    return s

def answered(s, n):
    """Sends OPTIONS n; True when a 200 comes back, False when the server closed."""
    try:
        s.sendall(options(n))
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                return False
            data += chunk
        return data.startswith(b"SIP/2.0 200 OK\r\n")
    except (ConnectionError, socket.timeout):
        return False

def closed_by_server(s, limit):
    """True when the server closes within `limit` seconds."""
    s.settimeout(limit)
    try:
        return s.recv(4096) == b""
    except ConnectionError:
        return True
    except socket.timeout:
        return False

if mode == "cap":
    held = [connect() for _ in range(3)]
    for i, s in enumerate(held):
        if not answered(s, i + 1):
            sys.exit(f"connection {i + 1} of 3 was not served")
    fourth = connect()  # the kernel accepts it; the server closes it at once
    if answered(fourth, 4):
        sys.exit("a 4th connection from the same address was served")
    print("fourth refused")
    held[0].close()
    for attempt in range(50):  # the close reaches the server's count shortly
        again = connect()
        if answered(again, 5):
            print("served after one closed")
            break
        again.close()
        time.sleep(0.05)
    else:
        sys.exit("no connection served after one of the three closed")
elif mode == "slow":
    s = connect()
    if not answered(s, 10):
        sys.exit("a whole message was not answered")
    half = options(11)[:60]
    s.sendall(half)
    start = time.monotonic()
    if not closed_by_server(s, 8):
        sys.exit("the half-sent message did not get the connection closed within 8 s")
    elapsed = time.monotonic() - start
    if elapsed < 0.5:
        sys.exit(f"closed after {elapsed:.2f} s, before the 1 s message timeout")
    print(f"closed after {elapsed:.2f} s")
PY

run_python cap 30 "$work/client.py" "$port" cap
grep -q 'fourth refused' "$work/cap.out" || fail "cap check did not run"
grep -q 'served after one closed' "$work/cap.out" || fail "no connection served after one closed"
grep -q 'event=connection_refused reason=per_ip_limit peer=127.0.0.1 limit=3' "$server_log" ||
    fail "server log shows no refused connection"
pass "per-IP cap: 3 served, 4th closed at accept and logged, a slot frees on close"

run_python slow 20 "$work/client.py" "$port" slow
grep -q 'closed after' "$work/slow.out" || fail "slow-message check did not run"
grep -q 'event=message_timeout transport=tcp peer=127.0.0.1 .*timeout_ms=1000' "$server_log" ||
    fail "server log shows no message timeout"
pass "slow message: dropped and closed ($(cat "$work/slow.out"))"

stop_server 5
echo "PASS: connection_limits_test"
