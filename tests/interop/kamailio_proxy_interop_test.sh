#!/usr/bin/env bash
# Interop: Kamailio 5.6 and `dialtone serve` as stateful, record-routing proxies in series
# (RFC 3261 §16), SIPp at both ends (bench/proxy/uac.xml and uas.xml):
#   (a) SIPp caller -> Kamailio -> dialtone -> SIPp callee: Kamailio sends every INVITE to
#       dialtone, whose dial-plan rule "100" sends it to the callee;
#   (b) SIPp caller -> dialtone -> Kamailio -> SIPp callee: dialtone's dial-plan rule "200"
#       sends it to Kamailio, which sends it to the callee.
# Each call must complete (INVITE, 100, 180, 200, ACK, BYE, 200 at both SIPps), the caller's
# 200 must carry both proxies' Record-Route entries (§16.6 item 4), and the ACK and BYE must
# reach the callee through both proxies: three Via values, the second proxy's on top, and no
# Route left (§16.4 loose routing, §12.2.1.1). 127.0.0.1 is a trusted peer, so no 407.
# Kamailio runs unprivileged-style in its own runtime dir, in the foreground, stopped by PID.
# Usage: bash kamailio_proxy_interop_test.sh /path/to/dialtone
set -euo pipefail

bin=${1:?usage: $0 /path/to/dialtone}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=serve_lib.sh
source "$here/serve_lib.sh"
serve_lib_init kamailio_proxy_interop
command -v sipp >/dev/null || fail "sipp not installed (scripts/install-deps.sh)"
command -v kamailio >/dev/null || fail "kamailio not installed (scripts/install-deps.sh)"

calls=5
kam_pid=""
uas_pid=""

# stop_pid PID: SIGTERM (timeout passes it on to SIPp; Kamailio stops its children), then
# SIGKILL if it is still there after 5 s.
stop_pid() {
    local p=$1 i
    [[ -n $p ]] && kill -0 "$p" 2>/dev/null || return 0
    kill -TERM "$p" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        kill -0 "$p" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
}

cleanup() {
    stop_pid "$uas_pid"
    if [[ -n $kam_pid ]]; then
        stop_pid "$kam_pid"
        # Children left by a Kamailio that had to be killed: its own process group (setsid).
        kill -KILL -- "-$kam_pid" 2>/dev/null || true
    fi
    serve_lib_cleanup
}
trap cleanup EXIT

uas_port=$(pick_port 11) || fail "no free port"
kam_port=$(pick_port 12) || fail "no free port"
[[ $uas_port != "$kam_port" ]] || fail "pick_port gave one port twice"

cat >"$work/dialtone.toml" <<EOF
[server]
workers = 1
log_level = "debug"
admin = "off"

[proxy]
trusted_peers = ["127.0.0.1"]

[[dialplan]]
name = "to-callee"
prefix = "100"
targets = ["sip:127.0.0.1:$uas_port"]

[[dialplan]]
name = "to-kamailio"
prefix = "200"
targets = ["sip:127.0.0.1:$kam_port"]
EOF
start_server "$work/server.log" --config "$work/dialtone.toml" -l "udp:127.0.0.1:@PORT@"
pass "dialtone pid $server_pid on udp 127.0.0.1:$port"

# start_kamailio TARGET_PORT: Kamailio on kam_port relaying initial INVITEs to TARGET_PORT.
# setsid gives it its own process group: at shutdown Kamailio signals its whole group.
start_kamailio() {
    local run="$work/kamailio-run"
    mkdir -p "$run"
    sed -e "s/@PORT@/$kam_port/" -e "s/@TARGET@/127.0.0.1:$1/" -e "s/@CHILDREN@/1/" \
        "$root/bench/proxy/kamailio.cfg.in" >"$work/kamailio.cfg"
    setsid kamailio -f "$work/kamailio.cfg" -DD -E -m 32 -M 8 -Y "$run" \
        -P "$run/kamailio.pid" -w "$run" >"$work/kamailio-$1.log" 2>&1 &
    kam_pid=$!
    # Ready once it answers an OPTIONS addressed to itself (the config answers 200).
    timeout 15 python3 - "$kam_port" <<'PY' || fail "Kamailio did not answer OPTIONS: $(tail -n 20 "$work/kamailio-$1.log")"
import socket, sys, time
port = int(sys.argv[1])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
me = s.getsockname()[1]
msg = (f"OPTIONS sip:127.0.0.1:{port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{me};branch=z9hG4bKready{me}\r\n"
       f"Max-Forwards: 70\r\nTo: <sip:127.0.0.1:{port}>\r\nFrom: <sip:probe@127.0.0.1>;tag=r\r\n"
       f"Call-ID: ready{me}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n").encode()
s.settimeout(0.2)
for _ in range(50):
    s.sendto(msg, ("127.0.0.1", port))
    try:
        if s.recv(4096).startswith(b"SIP/2.0 200"):
            sys.exit(0)
    except socket.timeout:
        pass
sys.exit(1)
PY
    [[ $(cat "$run/kamailio.pid") == "$kam_pid" ]] || fail "Kamailio's pid file does not name the process we started"
}

stop_kamailio() {
    local i
    kill -TERM "$kam_pid"
    for ((i = 0; i < 100; i++)); do
        kill -0 "$kam_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$kam_pid" 2>/dev/null && fail "Kamailio still running 10 s after SIGTERM"
    wait "$kam_pid" 2>/dev/null || true
    kam_pid=""
}

# call NAME ENTRY_PORT SERVICE: $calls calls from a SIPp caller to 127.0.0.1:ENTRY_PORT for
# SERVICE, answered by a SIPp callee on uas_port; both SIPps must report every call done.
call() {
    local name=$1 entry=$2 service=$3 uac_port rc=0
    uac_port=$(pick_port "$((RANDOM % 40 + 100))") || fail "no free port for SIPp"
    (cd "$work" && exec timeout 30 sipp -sf "$root/bench/proxy/uas.xml" -i 127.0.0.1 \
        -p "$uas_port" -m "$calls" -nostdin -timeout 20s -timeout_error -recv_timeout 5000 \
        -trace_msg -message_file "$work/$name-uas.msg" -trace_err \
        -error_file "$work/$name-uas.errors") >"$work/$name-uas.out" 2>&1 &
    uas_pid=$!
    (cd "$work" && timeout 30 sipp -sf "$root/bench/proxy/uac.xml" "127.0.0.1:$entry" \
        -s "$service" -i 127.0.0.1 -p "$uac_port" -m "$calls" -r 10 -d 200 -nostdin \
        -timeout 20s -timeout_error -recv_timeout 5000 -trace_msg \
        -message_file "$work/$name-uac.msg" -trace_err -error_file "$work/$name-uac.errors") \
        >"$work/$name-uac.out" 2>&1 || rc=$?
    if ((rc != 0)); then
        tail -n 30 "$work/$name-uac.errors" "$work/$name-uac.msg" >&2 2>/dev/null || true
        fail "$name: the caller's calls did not all complete (sipp exit $rc)"
    fi
    rc=0
    wait "$uas_pid" || rc=$?
    uas_pid=""
    if ((rc != 0)); then
        tail -n 30 "$work/$name-uas.errors" "$work/$name-uas.msg" >&2 2>/dev/null || true
        fail "$name: the callee's calls did not all complete (sipp exit $rc)"
    fi
}

# check_path NAME FIRST_PORT SECOND_PORT: the caller's 200s list both proxies in
# Record-Route (the first proxy's entry last, §16.6 item 4); every ACK and BYE at the callee
# has three Via values, the second proxy's on top and then the first's, and no Route.
check_path() {
    python3 - "$work/$1-uac.msg" "$work/$1-uas.msg" "$2" "$3" "$calls" <<'PY'
import re, sys
uac, uas, first, second, calls = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])

def messages(path, direction):
    # SIPp's trace: a dashed line with a time stamp, "UDP message received|sent [...]", the message.
    text = open(path, errors="replace").read()
    out = []
    for block in re.split(r"^-{10,}.*$", text, flags=re.M):
        head, _, msg = block.strip("\n").partition("\n")
        if direction in head:
            out.append(msg.lstrip("\n"))
    return out

def values(msg, *names):
    vals = []
    for line in re.split(r"\r?\n\r?\n", msg)[0].splitlines()[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() in names:
            vals += [v.strip() for v in value.split(",")]
    return vals

problems = []
oks = [m for m in messages(uac, "received") if m.startswith("SIP/2.0 200") and "CSeq: 1 INVITE" in m]
if len(oks) < calls:
    problems.append(f"caller got {len(oks)} 200s for INVITE, expected {calls}")
for m in oks:
    rr = values(m, "record-route")
    ports = [re.search(r":(\d+)[;>]", v).group(1) if re.search(r":(\d+)[;>]", v) else "?" for v in rr]
    if ports != [second, first]:
        problems.append(f"200 Record-Route ports {ports}, expected {[second, first]}")
got = {"ACK": 0, "BYE": 0}
for m in messages(uas, "received"):
    method = m.split(" ", 1)[0]
    if method not in got:
        continue
    got[method] += 1
    vias = values(m, "via", "v")
    ports = [re.search(r"127\.0\.0\.1:(\d+)", v).group(1) if "127.0.0.1:" in v else "?" for v in vias]
    if len(ports) != 3 or ports[:2] != [second, first]:
        problems.append(f"{method} at the callee has Via ports {ports}: not through both proxies")
    if values(m, "route"):
        problems.append(f"{method} at the callee still has Route {values(m, 'route')}")
for method, n in got.items():
    if n < calls:
        problems.append(f"callee got {n} {method}s, expected {calls}")
if problems:
    print("\n".join(sorted(set(problems))))
    sys.exit(1)
PY
}

# (a) Kamailio in front of dialtone.
start_kamailio "$port"
call kam_to_dialtone "$kam_port" 1001
problems=$(check_path kam_to_dialtone "$kam_port" "$port") || fail "kamailio -> dialtone: $problems"
pass "caller -> Kamailio -> dialtone -> callee: $calls calls, INVITE/200/ACK/BYE/200, both Record-Routes, ACK and BYE through both"
stop_kamailio

# (b) dialtone in front of Kamailio.
start_kamailio "$uas_port"
call dialtone_to_kam "$port" 2001
problems=$(check_path dialtone_to_kam "$port" "$kam_port") || fail "dialtone -> kamailio: $problems"
pass "caller -> dialtone -> Kamailio -> callee: $calls calls, INVITE/200/ACK/BYE/200, both Record-Routes, ACK and BYE through both"
stop_kamailio

stop_server 10
pass "kamailio proxy interop"
