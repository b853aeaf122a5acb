"""What the proxy and registrar benchmarks share: CPU pinning, free ports, reading a
server's CPU time from /proc, and waiting until a server answers SIP."""

import os
import socket
import subprocess
import time

TICKS = os.sysconf("SC_CLK_TCK")


def pinned(cmd, cpus):
    """Runs `cmd` on the given CPU list (taskset syntax) when one is given."""
    return ["taskset", "-c", cpus] + cmd if cpus else cmd


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def descendants(pid):
    out = [pid]
    try:
        kids = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    except OSError:
        return out
    for k in kids.split():
        out.extend(descendants(int(k)))
    return out


def cpu_seconds(pids):
    """User + system CPU seconds of the processes (each with all its threads)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return total / TICKS


def wait_options(port, host=None, timeout=10.0):
    """Waits until something answers an OPTIONS for sip:`host` (default: 127.0.0.1:port)
    sent to 127.0.0.1:port."""
    host = host or f"127.0.0.1:{port}"
    deadline = time.time() + timeout
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        # The Via names the probe's real port: a server answers there (RFC 3261 §18.2.2).
        me = s.getsockname()[1]
        msg = (
            f"OPTIONS sip:{host} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP 127.0.0.1:{me};branch=z9hG4bKprobe{me}\r\n"
            f"Max-Forwards: 70\r\nTo: <sip:{host}>\r\n"
            f"From: <sip:probe@{host.split(':')[0]}>;tag=p\r\n"
            f"Call-ID: probe{me}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
        ).encode()
        s.settimeout(0.2)
        while time.time() < deadline:
            s.sendto(msg, ("127.0.0.1", port))
            try:
                s.recvfrom(4096)
                return
            except socket.timeout:
                continue
    raise RuntimeError(f"nothing answered OPTIONS on port {port}")
