"""Shared by the serve_* tests: start `newsdeal serve` on a free loopback port, talk
HTTP to it (http.client, and raw sockets where a test needs a half-sent request),
stop it with a signal.

The server is started with --port 0 and says on stderr which port it took, so
there is no race for a port between tests running in parallel.
"""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time

from _helpers import NEWSDEAL

TIMEOUT = 60  # seconds any one exchange may take before the test gives up on it


class Server:
    def __init__(self, *args):
        self.args = args
        self.proc = subprocess.Popen([NEWSDEAL, "serve", "--port", "0", *args], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE)
        first = self.proc.stderr.readline().decode("utf-8", "replace")
        m = re.search(r"listening on http://[^:]+:(\d+)", first)
        if not m:
            rest = self.proc.stderr.read().decode("utf-8", "replace")
            self.proc.wait(TIMEOUT)
            raise RuntimeError(f"newsdeal serve {' '.join(args)} did not start (exit {self.proc.returncode}): "
                               f"{first}{rest}")
        self.port = int(m.group(1))
        self.stderr_lines = [first]
        # Keep reading stderr so the server never blocks on a full pipe.
        self._reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._reader.start()

    def _read_stderr(self):
        for line in self.proc.stderr:
            self.stderr_lines.append(line.decode("utf-8", "replace"))

    def request(self, method, path, body=None, headers=None):
        """One request on a fresh connection: (status, headers as a dict with lower-case keys, body bytes)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            res = conn.getresponse()
            data = res.read()
            return res.status, {k.lower(): v for k, v in res.getheaders()}, data
        finally:
            conn.close()

    def json(self, method, path, body=None, headers=None):
        status, hdrs, data = self.request(method, path, body, headers)
        return status, hdrs, json.loads(data)

    def connect(self):
        return socket.create_connection(("127.0.0.1", self.port), timeout=TIMEOUT)

    def metrics(self):
        """GET /metrics as {'name{labels}': value}."""
        status, _, data = self.request("GET", "/metrics")
        assert status == 200, status
        out = {}
        for line in data.decode().splitlines():
            if line and not line.startswith("#"):
                key, value = line.rsplit(" ", 1)
                out[key] = float(value)
        return out

    def stop(self, sig=signal.SIGTERM):
        """Sends `sig` and waits for the exit; returns the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(TIMEOUT)
        finally:
            self._reader.join(TIMEOUT)

    def stderr(self):
        return "".join(self.stderr_lines)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(TIMEOUT)


def read_response(sock):
    """Reads one HTTP response from a raw socket until the server closes it or the
    Content-Length is complete: (status, headers dict, body bytes)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1]) if lines and lines[0].startswith("HTTP/") else 0
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    length = int(headers.get("content-length", "-1"))
    while length < 0 or len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    # Anything after the body is the server's answer to bytes a test sent past the
    # request (a refused body's rest): not part of this response.
    return status, headers, body[:length] if length >= 0 else body


def without_path(record):
    """A record without source.path: over HTTP there is no file."""
    r = json.loads(json.dumps(record))
    r.get("source", {}).pop("path", None)
    return r


def wait_until(cond, what, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.05)
    raise RuntimeError(f"gave up waiting: {what}")
