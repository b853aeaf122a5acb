"""Replays a valid digest Authorization to `dialtone serve` (RFC 7616 §3.4 nc, §5.5 replay).

Used by registrar_scenarios_test.sh; not a test by itself. Over UDP from loopback it:
  1. sends REGISTER, takes the 401's challenge for --algorithm (MD5 or SHA-256, RFC 8760);
  2. answers it with nc=00000001 (digest computed here with hashlib, independently of the
     server's code): must be 200;
  3. sends that very Authorization header again in a new transaction (new branch, next CSeq,
     an attacker's Contact), from the same socket, and with --other-socket also from a second
     socket (with --new-call-id under another Call-ID, which digest does not cover either):
     each must be refused with 401 stale=true, never 200;
  4. answers the same nonce with nc=00000002 (what an honest client does next): must be 200,
     so the server counts nonce uses rather than allowing one use per nonce;
  5. replays nc=00000002: refused again.
Prints one line per step; exits 1 on the first step that does not behave.
"""
import argparse
import hashlib
import re
import secrets
import socket
import sys


HASHES = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}


class Client:
    def __init__(self, server, user, domain):
        self.server, self.user, self.domain = server, user, domain
        self.call_id = secrets.token_hex(8) + "@replay.test"
        self.cseq = 0
        self.sockets = []

    def open_socket(self):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        s.settimeout(5)
        self.sockets.append(s)
        return s

    def register(self, sock, contact, authorization=None, call_id=None):
        self.cseq += 1
        port = sock.getsockname()[1]
        lines = [
            f"REGISTER sip:{self.domain} SIP/2.0",
            f"Via: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK{secrets.token_hex(8)};rport",
            "Max-Forwards: 70",
            f"From: <sip:{self.user}@{self.domain}>;tag={secrets.token_hex(4)}",
            f"To: <sip:{self.user}@{self.domain}>",
            f"Call-ID: {call_id or self.call_id}",
            f"CSeq: {self.cseq} REGISTER",
            f"Contact: <{contact}>",
            "Expires: 600",
        ]
        if authorization:
            lines.append(f"Authorization: {authorization}")
        lines += ["Content-Length: 0", "", ""]
        sock.sendto("\r\n".join(lines).encode(), self.server)
        while True:
            data, _ = sock.recvfrom(65535)
            text = data.decode(errors="replace")
            status = int(text.split(" ", 2)[1])
            if status >= 200:  # skip a 100 Trying
                return status, text


def header(text, name):
    m = re.search(rf"^{name}:\s*(.*)$", text, re.M | re.I)
    return m.group(1).strip() if m else ""


def find_challenge(text, algorithm):
    for value in re.findall(r"^WWW-Authenticate:\s*(.*)$", text, re.M | re.I):
        params = {k.lower(): quoted or plain
                  for k, quoted, plain in re.findall(r'(\w+)=(?:"([^"]*)"|([^\s,]+))', value)}
        if params.get("algorithm", "MD5").upper() == algorithm:
            return params
    return None


def authorization(algorithm, user, password, challenge, uri, nc, cnonce):
    """RFC 7616 §3.4.1 response with qop=auth; HA1 per §3.4.2."""
    h = lambda text: HASHES[algorithm](text.encode()).hexdigest()  # noqa: E731
    realm, nonce = challenge["realm"], challenge["nonce"]
    ha1 = h(f"{user}:{realm}:{password}")
    ha2 = h(f"REGISTER:{uri}")
    response = h(f"{ha1}:{nonce}:{nc:08x}:{cnonce}:auth:{ha2}")
    return (f'Digest username="{user}", realm="{realm}", nonce="{nonce}", uri="{uri}", '
            f'response="{response}", algorithm={algorithm}, cnonce="{cnonce}", qop=auth, '
            f'nc={nc:08x}')


def main():
    p = argparse.ArgumentParser()
    p.add_argument("port", type=int)
    p.add_argument("user")
    p.add_argument("domain")
    p.add_argument("password")
    p.add_argument("--other-socket", action="store_true",
                   help="also replay from a second socket (another source port)")
    p.add_argument("--algorithm", choices=sorted(HASHES), default="MD5",
                   help="which of the server's challenges to answer")
    p.add_argument("--new-call-id", action="store_true",
                   help="the replay from the second socket carries a new Call-ID")
    a = p.parse_args()
    c = Client(("127.0.0.1", a.port), a.user, a.domain)
    sock = c.open_socket()
    honest = f"sip:{a.user}@127.0.0.1:{sock.getsockname()[1]}"
    attacker = f"sip:mallory@127.0.0.1:{sock.getsockname()[1]}"
    uri = f"sip:{a.domain}"

    def expect(step, status, text, want):
        print(f"{step}: {status}")
        if status != want:
            print(text, file=sys.stderr)
            sys.exit(1)

    def expect_replay_refused(step, status, text):
        stale = "stale=true" in header(text, "WWW-Authenticate").lower().replace(" ", "")
        print(f"{step}: {status}{' stale=true' if stale else ''}")
        if status != 401 or not stale:
            print(text, file=sys.stderr)
            sys.exit(1)

    status, text = c.register(sock, honest)
    expect("challenge", status, text, 401)
    challenge = find_challenge(text, a.algorithm)
    if not challenge:
        print(f"no {a.algorithm} challenge in the 401", file=sys.stderr)
        sys.exit(1)
    first = authorization(a.algorithm, a.user, a.password, challenge, uri, 1, secrets.token_hex(8))
    status, text = c.register(sock, honest, first)
    expect(f"{a.algorithm} nc=1", status, text, 200)

    status, text = c.register(sock, attacker, first)
    expect_replay_refused("replay nc=1 same socket", status, text)
    if a.other_socket:
        call_id = secrets.token_hex(8) + "@mallory.test" if a.new_call_id else None
        status, text = c.register(c.open_socket(), attacker, first, call_id)
        expect_replay_refused("replay nc=1 other socket" + (", new Call-ID" if call_id else ""),
                              status, text)

    second = authorization(a.algorithm, a.user, a.password, challenge, uri, 2,
                           secrets.token_hex(8))
    status, text = c.register(sock, honest, second)
    expect("nc=2", status, text, 200)
    status, text = c.register(sock, attacker, second)
    expect_replay_refused("replay nc=2 same socket", status, text)


if __name__ == "__main__":
    main()
