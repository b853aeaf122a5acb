# shellcheck shell=bash
# Helpers for the softphone interop tests (ua_*_test.sh; sourced after serve_lib.sh, not a
# test itself): waiting for a line of output, running `dialtone phone` in the background,
# and a headless baresip driven over its ctrl_tcp interface (netstring JSON commands).

# The sourcing test sets bin (the dialtone binary) first.
: "${bin:?set bin before sourcing ua_lib.sh}"

# PIDs this test started, stopped by stop_started at exit (serve_lib's cleanup runs after).
ua_pids=()
stop_started() {
    local pid
    for pid in "${ua_pids[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            for _ in 1 2 3 4 5 6 7 8 9 10; do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.2
            done
            kill -KILL "$pid" 2>/dev/null || true
        fi
        wait "$pid" 2>/dev/null || true
    done
    ua_pids=()
}
trap 'stop_started; serve_lib_cleanup' EXIT

# wait_for FILE REGEX SECONDS: true once a line of FILE matches (grep -E).
wait_for() {
    local file=$1 regex=$2 limit=$3 i
    for ((i = 0; i < limit * 10; i++)); do
        grep -Eq -- "$regex" "$file" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# wait_exit PID SECONDS: waits for the process to end; its status in `exit_status`.
wait_exit() {
    local pid=$1 limit=$2 i
    for ((i = 0; i < limit * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && return 1
    exit_status=0
    # shellcheck disable=SC2034  # read by the sourcing test
    wait "$pid" || exit_status=$?
    return 0
}

# start_phone OUT ARGS...: `dialtone phone ARGS --bind 127.0.0.1 --port P` on a free port,
# waits for it to be ready ("waiting for calls"). Sets phone_pid and phone_port.
start_phone() {
    local out=$1 attempt
    shift
    for attempt in 1 2 3 4 5; do
        phone_port=$(pick_port "$((attempt + 100))") || fail "no free port"
        "$bin" phone "$@" --bind 127.0.0.1 --port "$phone_port" >"$out" 2>&1 &
        phone_pid=$!
        if wait_for "$out" 'waiting for calls' 10; then
            ua_pids+=("$phone_pid")
            return 0
        fi
        kill -KILL "$phone_pid" 2>/dev/null || true
        wait "$phone_pid" 2>/dev/null || true
        grep -q 'Address already in use' "$out" || { cat "$out" >&2; fail "dialtone phone did not start"; }
    done
    fail "dialtone phone did not start"
}

# baresip_config DIR SIP_PORT CTRL_PORT SOURCE_WAV DUMP_DIR: a headless baresip answering
# calls itself (answermode=auto), sending SOURCE_WAV (8 kHz mono, module aufile), writing
# what it receives to DUMP_DIR/*-dec.wav (module sndfile), no sound device (aubridge),
# G.711 only, commands (module menu) over TCP on CTRL_PORT.
baresip_config() {
    local dir=$1 sip_port=$2 ctrl_port=$3 source=$4 dump=$5
    mkdir -p "$dir" "$dump"
    cat >"$dir/config" <<CONFIG
poll_method		epoll
sip_listen		127.0.0.1:$sip_port
sip_trans_def		udp
sip_verify_server	no
audio_player		aubridge,nowhere
audio_source		aufile,$source
audio_alert		aubridge,nowhere
snd_path		$dump
module_path		/usr/lib/baresip/modules
module			g711.so
module			aufile.so
module			aubridge.so
module			sndfile.so
module			menu.so
module_app		account.so
module_app		ctrl_tcp.so
ctrl_tcp_listen		127.0.0.1:$ctrl_port
CONFIG
    echo "<sip:baresip@127.0.0.1:$sip_port>;regint=0;answermode=auto" >"$dir/accounts"
    : >"$dir/contacts"
}

# start_baresip DIR LOG: runs it (bounded by timeout) and waits for its control port.
start_baresip() {
    local dir=$1 log=$2 ctrl_port
    ctrl_port=$(sed -n 's/^ctrl_tcp_listen[[:space:]]*127.0.0.1:\([0-9]*\)$/\1/p' "$dir/config")
    timeout 60 baresip -f "$dir" -v >"$log" 2>&1 &
    baresip_pid=$!
    ua_pids+=("$baresip_pid")
    wait_for "$log" 'baresip is ready' 10 || { tail -n 20 "$log" >&2; fail "baresip did not start"; }
    baresip_ctrl_port=$ctrl_port
}

# baresip_ctl COMMAND [PARAMS]: one ctrl_tcp command; fails the test unless baresip says ok.
baresip_ctl() {
    python3 - "$baresip_ctrl_port" "$1" "${2:-}" <<'PY' || fail "baresip command $1 failed"
import json, socket, sys
port, command, params = int(sys.argv[1]), sys.argv[2], sys.argv[3]
s = socket.create_connection(("127.0.0.1", port), timeout=5)
body = json.dumps({"command": command, "params": params, "token": "dialtone"}).encode()
s.sendall(str(len(body)).encode() + b":" + body + b",")
buf = b""
while True:
    chunk = s.recv(4096)
    if not chunk:
        sys.exit("connection closed before the response")
    buf += chunk
    # Netstrings: events may come before the response to our command.
    while b":" in buf:
        length, rest = buf.split(b":", 1)
        n = int(length)
        if len(rest) < n + 1:
            break
        msg, buf = json.loads(rest[:n]), rest[n + 1:]
        if msg.get("response") and msg.get("token") == "dialtone":
            sys.exit(0 if msg.get("ok") else "baresip: " + str(msg.get("data")))
PY
}

# import_users NAME...: NAME@example.test with password NAME-pw, into the test's database.
import_users() {
    local name
    : >"$work/users.csv"
    for name in "$@"; do printf '%s,example.test,%s-pw\n' "$name" "$name" >>"$work/users.csv"; done
    "$bin" user import "$work/users.csv" --db "$work/dialtone.db" >"$work/import.out" 2>&1 ||
        fail "user import failed: $(cat "$work/import.out")"
}

# tone_wav HZ: $work/toneHZ.wav, 30 s of a sine at HZ, 8 kHz mono (a baresip source).
tone_wav() {
    sox -n -r 8000 -c 1 -b 16 "$work/tone$1.wav" synth 30 sine "$1" vol 0.3 || fail "sox"
}

# registered_baresip NAME HZ TRANSPORT: a baresip in $work/NAME registered as
# NAME@example.test (password NAME-pw) through the server on $port over TRANSPORT, playing
# tone_wav HZ, answering by itself, recording into $work/NAME-dump. Sets baresip_ctrl_port.
registered_baresip() {
    local name=$1 hz=$2 transport=$3 sip_port ctrl_port
    tone_wav "$hz"
    sip_port=$(pick_port "$((RANDOM % 50 + 10))") || fail "no free port"
    ctrl_port=$(pick_port "$((RANDOM % 50 + 70))") || fail "no free port"
    baresip_config "$work/$name" "$sip_port" "$ctrl_port" "$work/tone$hz.wav" "$work/$name-dump"
    echo "<sip:$name@example.test;transport=$transport>;auth_pass=$name-pw;outbound=\"sip:127.0.0.1:$port;transport=$transport\";regint=60;answermode=auto" \
        >"$work/$name/accounts"
    start_baresip "$work/$name" "$work/$name.log"
    wait_for "$work/$name.log" '200 OK' 10 || { tail -n 20 "$work/$name.log" >&2; fail "$name did not register"; }
}
