# shellcheck shell=bash
# Helpers for the interop tests of `dialtone serve` (sourced, not run: only *_test.sh files
# are tests). Provides a work dir removed on exit, free-port picking, a server started and
# stopped by PID, test certificates made with the openssl CLI, and a bounded python3 runner.
#
# The sourcing script sets `bin` (the dialtone binary) first and calls `serve_lib_init NAME`.

work=""
server_pid=""
server_log=""

serve_lib_cleanup() {
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    [[ -n $work && -z ${KEEP_WORK:-} ]] && rm -rf "$work"
}

serve_lib_init() {
    local name=$1
    : "${bin:?set bin to the dialtone binary before serve_lib_init}"
    test_name=$name
    [[ -x $bin ]] || { echo "FAIL: $bin is not an executable" >&2; exit 1; }
    for tool in ss timeout python3 openssl; do
        command -v "$tool" >/dev/null || { echo "FAIL: $tool not installed (scripts/install-deps.sh)" >&2; exit 1; }
    done
    work=$(mktemp -d "${TMPDIR:-/tmp}/dialtone-$name.XXXXXX")
    trap serve_lib_cleanup EXIT
}

fail() {
    echo "FAIL: $test_name: $*" >&2
    if [[ -n $server_log && -f $server_log ]]; then
        echo "--- server log (last 40 lines) ---" >&2
        tail -n 40 "$server_log" >&2
    fi
    exit 1
}
pass() { echo "ok: $*"; }

# True when nothing uses the port, TCP or UDP, any state (TIME_WAIT included).
port_free() {
    [[ -z $(ss -Hantu "( sport = :$1 )" 2>/dev/null) ]]
}

# A free port in 30000-39999 derived from our PID; `salt` gives other ports for retries.
pick_port() {
    local salt=$1 i p
    for ((i = 0; i < 64; i++)); do
        p=$((30000 + ($$ * 13 + salt * 257 + i * 31) % 10000))
        if port_free "$p"; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

# start_server LOG ARGS...: runs `dialtone serve ARGS` (ARGS may use the placeholders
# @PORT@ and @TLSPORT@, replaced by free ports), waits for event=ready; retries on other
# ports when a port was taken in between. Sets server_pid, port, tls_port, server_log.
start_server() {
    server_log=$1
    shift
    local attempt i arg args
    for attempt in 1 2 3 4 5; do
        port=$(pick_port "$attempt") || fail "no free port"
        tls_port=$(pick_port "$((attempt + 50))") || fail "no free port"
        [[ $tls_port == "$port" ]] && continue
        args=()
        for arg in "$@"; do
            arg=${arg//@PORT@/$port}
            args+=("${arg//@TLSPORT@/$tls_port}")
        done
        : >"$server_log"
        "$bin" serve "${args[@]}" --db "$work/dialtone.db" >"$server_log" 2>&1 &
        server_pid=$!
        for ((i = 0; i < 100; i++)); do
            if grep -q 'event=ready' "$server_log"; then return 0; fi
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
        grep -q 'Address already in use' "$server_log" || fail "server did not start"
        echo "note: port taken, retrying (attempt $attempt)" >&2
    done
    fail "server did not start"
}

# stop_server [SECONDS]: SIGTERM, then waits up to SECONDS (default 5) for exit 0.
stop_server() {
    local limit=${1:-5} i rc=0
    kill -TERM "$server_pid"
    for ((i = 0; i < limit * 10; i++)); do
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$server_pid" 2>/dev/null && fail "server still running $limit s after SIGTERM"
    wait "$server_pid" || rc=$?
    server_pid=""
    ((rc == 0)) || fail "server exited with status $rc after SIGTERM, expected 0"
    grep -q 'event=stopped' "$server_log" || fail "no event=stopped line in the log"
}

# make_certs DIR: a CA, a server certificate for 127.0.0.1 signed by it, a client
# certificate signed by it, and a self-signed "stranger" client certificate.
make_certs() {
    local d=$1
    mkdir -p "$d"
    (
        cd "$d" || exit 1
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
            -keyout ca.key -out ca.pem -subj "/CN=Dialtone Interop CA" \
            -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
        for who in server client; do
            openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
                -keyout "$who.key" -out "$who.csr" -subj "/CN=$who"
        done
        printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n' >server.ext
        printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n' >client.ext
        for who in server client; do
            openssl x509 -req -in "$who.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 \
                -out "$who.pem" -extfile "$who.ext"
        done
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
            -keyout stranger.key -out stranger.pem -subj "/CN=stranger"
    ) >"$d/openssl.log" 2>&1 || { cat "$d/openssl.log" >&2; fail "openssl could not make test certificates"; }
}

# tls_request NAME PORT REQUEST_FILE [openssl s_client options...]: sends the request over
# TLS with `openssl s_client` and leaves what came back (and s_client's errors) in
# $work/NAME.out. The server's certificate must chain to the test CA and name 127.0.0.1,
# or s_client aborts the handshake (-verify_return_error). Stdin stays open for a second
# so the answer can arrive before s_client closes; -quiet keeps s_client's own session
# printout from interleaving with the answer.
tls_request() {
    local name=$1 p=$2 request=$3
    shift 3
    { cat "$request"; sleep 1; } |
        timeout 15 openssl s_client -connect "127.0.0.1:$p" -CAfile "$work/certs/ca.pem" \
            -verify_return_error -verify_ip 127.0.0.1 -quiet -no_ign_eof "$@" \
            >"$work/$name.out" 2>&1 || true
}

# run_python NAME SECONDS SCRIPT ARGS...: runs a python3 client, bounded in time.
run_python() {
    local name=$1 limit=$2
    shift 2
    local rc=0
    timeout "$limit" python3 "$@" >"$work/$name.out" 2>&1 || rc=$?
    if ((rc != 0)); then
        cat "$work/$name.out" >&2
        fail "$name: python client exit $rc"
    fi
}
