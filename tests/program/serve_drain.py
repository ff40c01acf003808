"""`newsdeal serve` on SIGTERM (and SIGINT): stops accepting, answers the requests
already in flight, saves the model, exits 0."""
import json
import os
import signal
import socket
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _helpers import expect, finish  # noqa: E402
from _serve import Server, read_response, wait_until  # noqa: E402

ARTICLE = b"Meta signed a $10 billion cloud computing agreement with Google over six years."


def refused(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
        return False
    except OSError:
        return True


for sig in (signal.SIGTERM, signal.SIGINT):
    with tempfile.TemporaryDirectory() as tmp:
        state = os.path.join(tmp, "state.json")
        with Server("--threads", "2", "--state", state, "--request-timeout", "60") as srv:
            # A request in flight: headers and half the body sent
            sock = srv.connect()
            sock.sendall(b"POST /v1/extract?id=in-flight HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\n"
                         b"Content-Length: %d\r\n\r\n" % len(ARTICLE) + ARTICLE[:20])
            # ... and seen by the server (this /metrics request is the other one in flight)
            wait_until(lambda: srv.metrics().get("newsdeal_http_requests_in_flight") == 2, "the request in flight")
            srv.proc.send_signal(sig)
            wait_until(lambda: refused(srv.port), "the server to stop accepting")
            expect(srv.proc.poll() is None, f"{sig.name}: still running while a request is in flight")
            sock.sendall(ARTICLE[20:])
            status, _, body = read_response(sock)
            sock.close()
            expect(status == 200, f"{sig.name}: the request in flight is answered: {status} {body[:200]!r}")
            rec = json.loads(body) if status == 200 else {}
            expect(rec.get("id") == "in-flight" and rec.get("deals"), f"{sig.name}: its record: {rec}")
            rc = srv.stop()  # waits for the exit
            expect(rc == 0, f"{sig.name}: exit {rc}; stderr: {srv.stderr()}")
            expect("draining" in srv.stderr(), f"{sig.name}: says it drains: {srv.stderr()}")
        model = json.load(open(state))
        expect(model.get("articles") == 1 and model.get("allocations"), f"{sig.name}: the drained article is saved")

# An idle keep-alive connection holds the exit up for --keep-alive seconds at most
# (httplib 0.11.4 checks for a stop only between requests)
with Server("--threads", "2", "--keep-alive", "2") as srv:
    sock = srv.connect()
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
    status, _, _ = read_response(sock)
    expect(status == 200, "healthz on a kept-alive connection")
    rc = srv.stop()
    expect(rc == 0, f"exit with an idle connection open: {rc}")
    sock.close()

finish("serve drain")
