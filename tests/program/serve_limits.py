"""`newsdeal serve` limits, over real HTTP on loopback: a body over --max-body (413,
by Content-Length and by a chunked body), an article over --max-article-bytes
(413), a body that stalls or trickles past --request-timeout (408), and workers
plus queue full (503 with Retry-After, while /healthz and /metrics still answer)."""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _helpers import expect, finish  # noqa: E402
from _serve import Server, read_response, wait_until  # noqa: E402

ARTICLE = b"OpenAI agreed to buy $30 billion of computing capacity a year from Oracle."


def check_error(status, body, want_status, code, *needles):
    expect(status == want_status, f"{code}: status {status}, want {want_status}: {body[:300]!r}")
    try:
        j = json.loads(body)
    except ValueError:
        expect(False, f"{code}: body is not JSON: {body[:200]!r}")
        return
    expect(j.get("error") == code and j.get("status") == want_status, f"{code}: {j}")
    for n in needles:
        expect(n in j.get("message", ""), f"{code}: message lacks {n!r}: {j.get('message')!r}")


with Server("--threads", "2", "--max-body", "4KiB", "--max-article-bytes", "1000", "--request-timeout", "1") as srv:
    # Content-Length over the limit: with "Expect: 100-continue", refused before the body is sent
    sock = srv.connect()
    sock.sendall(b"POST /v1/extract HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n"
                 b"Expect: 100-continue\r\n\r\n")
    status, headers, body = read_response(sock)
    sock.close()
    check_error(status, body, 413, "body_too_large", "4096", "--max-body")
    # ... and without it, once the body has been read and dropped
    status, headers, body = srv.request("POST", "/v1/extract", b"x" * 100000, {"Content-Type": "text/plain"})
    check_error(status, body, 413, "body_too_large", "100000 bytes", "4096", "--max-body")
    # A chunked body has no length up front: refused when it passes the limit
    sock = srv.connect()
    chunk = b"a" * 3000
    sock.sendall(b"POST /v1/batch HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" +
                 (b"%x\r\n" % len(chunk) + chunk + b"\r\n") * 2 + b"0\r\n\r\n")
    status, headers, body = read_response(sock)
    sock.close()
    check_error(status, body, 413, "body_too_large", "over the limit of 4096", "--max-body")
    # Under --max-body but over --max-article-bytes: the article's error record
    status, _, body = srv.request("POST", "/v1/extract?id=big", b"x" * 2000, {"Content-Type": "text/plain"})
    check_error(status, body, 413, "article_too_large", "2000 bytes", "--max-article-bytes")
    expect(json.loads(body).get("record", {}).get("stage") == "read", "article_too_large carries the error record")
    # ... and in a batch it is one error line among the others
    batch = (json.dumps({"id": "small", "text": ARTICLE.decode()}) + "\n" +
             json.dumps({"id": "large", "text": "y" * 1500}) + "\n").encode()
    status, _, data = srv.request("POST", "/v1/batch", batch)
    out = [json.loads(x) for x in data.decode().splitlines()]
    expect(status == 200 and [o.get("schema") for o in out] == ["newsdeal.article/1", "newsdeal.error/1"],
           f"batch with an over-long line: {status} {out}")

    # A body that stops arriving: 408 once --request-timeout has passed without data
    sock = srv.connect()
    sock.sendall(b"POST /v1/extract HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 500\r\n\r\n"
                 + ARTICLE)
    status, headers, body = read_response(sock)
    sock.close()
    check_error(status, body, 408, "request_timeout", "--request-timeout", f"got {len(ARTICLE)} bytes")
    # A body that trickles in, each piece on time, the whole too slow: also 408
    sock = srv.connect()
    sock.sendall(b"POST /v1/batch HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
    started = time.monotonic()
    try:
        while time.monotonic() - started < 5:
            sock.sendall(b"1\r\nz\r\n")
            time.sleep(0.25)
    except OSError:
        pass  # the server answered and closed while we were still sending
    status, headers, body = read_response(sock)
    sock.close()
    check_error(status, body, 408, "request_timeout", "--request-timeout")

    m = srv.metrics()
    expect(m.get('newsdeal_http_requests_total{route="/v1/extract",status="413"}') == 3, "413s counted")
    expect(m.get('newsdeal_http_requests_total{route="/v1/batch",status="408"}') == 1, "408 counted")
    expect(srv.stop() == 0, "exit 0 after SIGTERM")

# One worker and a queue of one: a second connection waits, a third gets 503.
with Server("--threads", "1", "--queue", "1", "--request-timeout", "60") as srv:
    busy = srv.connect()  # accepted first, so it holds the one worker
    busy.sendall(b"POST /v1/extract?id=held HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nConnection: close\r\n"
                 b"Content-Length: %d\r\n\r\n" % len(ARTICLE) + ARTICLE[:10])
    queued = srv.connect()
    queued.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    status, headers, body = srv.request("GET", "/v1/model")
    check_error(status, body, 503, "overloaded", "--threads", "--queue")
    expect(headers.get("retry-after") == "1", f"503 has Retry-After: {headers}")
    status, headers, body = srv.request("POST", "/v1/extract", ARTICLE, {"Content-Type": "text/plain"})
    check_error(status, body, 503, "overloaded")
    # Health and metrics still answer, and show the overload
    status, _, body = srv.request("GET", "/healthz")
    expect(status == 200, f"healthz under overload: {status}")
    # The worker takes the held connection when its thread gets to run (late under a
    # sanitizer): until then both wait in the queue, which is just as full.
    # Every connection accepted while the queue is full counts as rejected, the
    # answered /healthz and each /metrics read below included: how many reads it
    # takes depends on when the worker thread runs.
    state, reads = {}, [0]

    def settled():
        reads[0] += 1
        state.update(srv.metrics())
        return state.get("newsdeal_connections_active") == 1

    try:
        wait_until(settled, "the worker to take the held connection", timeout=10)
    except RuntimeError:
        pass
    m = state
    expect(m.get("newsdeal_connections_active") == 1, f"one connection active: {m.get('newsdeal_connections_active')}")
    expect(m.get("newsdeal_connections_queued") == 1, f"one connection queued: {m.get('newsdeal_connections_queued')}")
    want = 3 + reads[0]  # /v1/model, POST /v1/extract, /healthz, and the metrics reads
    expect(m.get("newsdeal_connections_rejected_total") == want,
           f"rejected: {m.get('newsdeal_connections_rejected_total')}, want {want} ({reads[0]} metrics reads)")
    expect(m.get('newsdeal_http_requests_total{route="/v1/model",status="503"}') == 1, "503 counted by route")
    # The held request completes, then the queued one; then the server takes work again
    busy.sendall(ARTICLE[10:])
    status, _, body = read_response(busy)
    busy.close()
    expect(status == 200 and json.loads(body).get("id") == "held", f"held request: {status} {body[:200]!r}")
    status, _, body = read_response(queued)
    queued.close()
    expect(status == 200 and json.loads(body).get("status") == "ok", f"queued request: {status} {body[:200]!r}")
    # Free when the only connection left is the one asking
    wait_until(lambda: (lambda m: m.get("newsdeal_connections_active") == 1 and m.get("newsdeal_connections_queued") == 0)(
        srv.metrics()), "the worker to be free")
    status, _, body = srv.request("GET", "/v1/model")
    expect(status == 200 and json.loads(body).get("articles") == 1, f"after the overload: {status} {body[:200]!r}")
    expect(srv.stop() == 0, "exit 0 after SIGTERM")

finish("serve limits")
