# A SIP target that never answers (or answers every request 503), for the RFC 3263 failover
# interop test: it binds a free UDP port on 127.0.0.1, writes the port to PORT_FILE, and
# logs "<method> <branch>" for each request it receives, flushed at once.
# Usage: python3 udp_sink.py PORT_FILE LOG_FILE silent|503
import os
import re
import socket
import sys

port_file, log_file, mode = sys.argv[1], sys.argv[2], sys.argv[3]
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("127.0.0.1", 0))
with open(port_file + ".tmp", "w") as f:
    f.write(str(sock.getsockname()[1]))
os.rename(port_file + ".tmp", port_file)
log = open(log_file, "a", buffering=1)
sock.settimeout(60)  # bounded: the test kills it long before
while True:
    try:
        data, peer = sock.recvfrom(65535)
    except socket.timeout:
        break
    text = data.decode("utf-8", "replace")
    head, _, _ = text.partition("\r\n\r\n")
    lines = head.split("\r\n")
    method = lines[0].split(" ")[0]
    via = next((l for l in lines[1:] if re.match(r"(?i)^(via|v)\s*:", l)), "")
    m = re.search(r"branch=([^;,\s]+)", via)
    log.write(f"{method} {m.group(1) if m else '-'}\n")
    if mode == "503" and not method.startswith("SIP/"):
        # A response copies Via, From, To, Call-ID and CSeq (RFC 3261 §8.2.6).
        keep = [l for l in lines[1:] if re.match(r"(?i)^(via|v|from|f|to|t|call-id|i|cseq)\s*:", l)]
        reply = "SIP/2.0 503 Service Unavailable\r\n" + "\r\n".join(keep) + "\r\nContent-Length: 0\r\n\r\n"
        # The Via carries rport: answer to the source address and port (RFC 3581).
        sock.sendto(reply.encode(), peer)
