#!/usr/bin/env python3
"""Idle connections against a low descriptor limit (a measurement, nothing asserted).

Starts scim-bridge under `prlimit --nofile=LIMIT:LIMIT`, opens CONNECTIONS idle
connections and holds them for SECONDS, then prints the server's CPU use over
that time (% of one core, from /proc), the log lines it wrote, the connection
limit it chose, and how long /healthz took on a new connection once one of
the held connections was closed.

    python3 tests/bench/descriptor_limit.py [BINARY] [LIMIT] [CONNECTIONS] [SECONDS]
    defaults: build-bench/scim-bridge 128 200 5

With LOWER_AFTER_START=N the server starts with the usual limit, which is then
lowered to N under it (prlimit --pid): the connection limit no longer fits, and
accept() fails with EMFILE, which shows the listener's back-off.
"""
import os
import socket
import subprocess
import sys
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def healthz(port, timeout=5.0):
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = s.recv(4096)
    return answer.split(b"\r\n", 1)[0].decode(), (time.monotonic() - started) * 1000


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "build-bench/scim-bridge"
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 128
    connections = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 5
    with tempfile.TemporaryDirectory() as work:
        port = free_port()
        token_hash = subprocess.run([binary, "hash-token", "x" * 40], check=True, capture_output=True,
                                    text=True).stdout.strip()
        config = os.path.join(work, "config.yaml")
        with open(config, "w") as f:
            f.write(f"listen: {{address: 127.0.0.1, port: {port}}}\n"
                    f"store: {{path: {work}/store.db}}\n"
                    f"targets:\n  - name: local\n    tokens: [\"{token_hash}\"]\n")
        log_path = os.path.join(work, "server.log")
        with open(log_path, "w") as log:
            command = [binary, "serve", "--config", config]
            if not os.environ.get("LOWER_AFTER_START"):
                command = ["prlimit", f"--nofile={limit}:{limit}"] + command
            server = subprocess.Popen(command,
                                      stdout=subprocess.DEVNULL, stderr=log)
        try:
            for _ in range(100):
                try:
                    if healthz(port)[0].endswith("200 OK"):
                        break
                except OSError:
                    pass
                time.sleep(0.1)
            lower_to = os.environ.get("LOWER_AFTER_START")
            if lower_to:
                subprocess.run(["prlimit", "--pid", str(server.pid), f"--nofile={lower_to}:{lower_to}"], check=True)
            lines_before = sum(1 for _ in open(log_path))
            held = []
            for _ in range(connections):
                held.append(socket.create_connection(("127.0.0.1", port)))
            time.sleep(0.5)
            cpu_before = cpu_seconds(server.pid)
            time.sleep(seconds)
            cpu = (cpu_seconds(server.pid) - cpu_before) / seconds * 100
            lines = sum(1 for _ in open(log_path)) - lines_before
            held[0].close()
            time.sleep(0.05)
            try:
                status, healthz_ms = healthz(port)
            except OSError as error:
                status, healthz_ms = f"no answer ({error})", float("nan")
            chosen = [l for l in open(log_path) if "connection_limit_lowered" in l]
            limit = os.environ.get("LOWER_AFTER_START", limit)
            print(f"descriptor limit {limit}, {connections} idle connections held {seconds:.0f} s: "
                  f"server CPU {cpu:.1f} % of a core, {lines} log lines meanwhile; "
                  f"after one closed, /healthz answered '{status}' in {healthz_ms:.1f} ms")
            print("connection limit:", chosen[0].strip() if chosen else "unchanged")
            if os.environ.get("SHOW_LOG"):
                print("".join(open(log_path).readlines()[lines_before:][:10]))
        finally:
            for s in locals().get("held", []):
                s.close()
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
