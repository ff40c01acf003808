"""Shared by the fetch_* tests: an HTTP(S) server on 127.0.0.1 that the test
starts in a thread of its own, serving pages and every fault a crawler meets.
Nothing here touches anything beyond loopback.

    srv = FetchServer()                 # or FetchServer(tls=(cert, key))
    srv.url("/page/a")                  # "http://127.0.0.1:PORT/page/a"
    srv.hits["/flaky"]                  # how often a path was asked for
    srv.close()

Routes (a query string is ignored when routing):
  /robots.txt        srv.robots (text), or 404 when None
  /page/<name>       an article page (UTF-8 HTML) from srv.pages[name]
  /gbk/<name>        srv.pages[name] in GBK, Content-Type charset=GBK
  /mislabeled/<name> srv.pages[name] in GBK, Content-Type charset=iso-8859-1
  /gzip/<name>       srv.pages[name] gzip-compressed, Content-Encoding: gzip
  /private/...       a page (robots.txt of the tests disallows it)
  /hold/<n>          an item page after srv.hold_seconds, counting how many are
                     answered at once (srv.max_in_flight) and when each came (srv.starts)
  /slow              answers after srv.slow_seconds (past the client's read timeout)
  /reset             closes the connection with a TCP reset before answering
  /loop/a, /loop/b   redirect to each other (relative Locations)
  /chain/<n>         redirects to /chain/<n+1>, for ever
  /moved/<name>      301 to /page/<name>
  /flaky/<name>      500 on the first request, the page after
  /busy/<name>       429 with Retry-After: 1 on the first request, the page after
  /busy-date/<name>  503 with an HTTP-date Retry-After 1 s ahead, then the page
  /down              503, always
  /busy-long         429 with Retry-After: 3600, always
  /endless           a chunked body that never ends
  /big               Content-Length: 100 MB (never sent)
  /loris             a response head sent one byte every 0.2 s, never finished
  /feed.xml          RSS 2.0 with srv.feed_items items linking to /item/<n>, or
                     with srv.feed_links as their links when set
  /item/<n>          an article page for feed item n
  /sitemap-index.xml a sitemap index of /sitemap-1.xml (items 1-3), /sitemap-2.xml
                     (items 4-5 and a mailto: entry), and /sitemap-1.xml again
  /missing           404
"""
import email.utils
import gzip
import http.server
import socket
import ssl
import struct
import threading
import time
from collections import Counter

ROBOTS = """# the tests' robots.txt
User-agent: otherbot
Disallow: /

User-agent: *
Disallow: /private/
Allow: /private/open$
"""


def article_html(title, paragraphs, charset=None):
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head>{meta}<title>{title}</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><h1>{title}</h1>{body}</body></html>")


def item_page(n):
    return article_html(f"Deal number {n}", [
        f"Company{n} agreed to rent {n * 1000} GPUs from Oracle for $ {n} billion over five years.",
        "The agreement covers cloud capacity in two regions.",
    ])


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "loopback-test"

    def log_message(self, *args):
        pass

    def _send(self, status, body=b"", headers=(), content_type="text/html; charset=utf-8"):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location, status=302):
        self._send(status, b"", [("Location", location)])

    def do_GET(self):
        srv = self.server.owner
        path = self.path.split("?", 1)[0]
        with srv.lock:
            srv.hits[path] += 1
            hits = srv.hits[path]
            srv.user_agents.append(self.headers.get("User-Agent", ""))
        parts = path.strip("/").split("/")
        head, name = parts[0], "/".join(parts[1:])
        page = srv.pages.get(name)

        if path == "/robots.txt":
            if srv.robots is None:
                return self._send(404, b"no robots here")
            return self._send(200, srv.robots.encode(), content_type="text/plain")
        if head == "page" and page is not None:
            return self._send(200, page.encode("utf-8"))
        if head == "gbk" and page is not None:
            return self._send(200, page.encode("gbk"), content_type="text/html; charset=GBK")
        if head == "mislabeled" and page is not None:
            return self._send(200, page.encode("gbk"), content_type="text/html; charset=iso-8859-1")
        if head == "gzip" and page is not None:
            return self._send(200, gzip.compress(page.encode("utf-8")), [("Content-Encoding", "gzip")])
        if head == "private":
            return self._send(200, article_html("Private", ["Nobody should read this."]).encode())
        if head == "hold":
            with srv.lock:
                srv.in_flight += 1
                srv.max_in_flight = max(srv.max_in_flight, srv.in_flight)
                srv.starts.append(time.monotonic())
            time.sleep(srv.hold_seconds)
            with srv.lock:
                srv.in_flight -= 1
            return self._send(200, item_page(int(name) if name.isdigit() else 0).encode())
        if path == "/slow":
            time.sleep(srv.slow_seconds)
            return self._send(200, article_html("Slow", ["Too late."]).encode())
        if path == "/reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        if path == "/loop/a":
            return self._redirect("b")
        if path == "/loop/b":
            return self._redirect("/loop/a", 301)
        if head == "chain":
            return self._redirect(f"/chain/{int(name) + 1}")
        if head == "moved" and page is not None:
            return self._redirect(f"../page/{name}", 301)
        if head == "flaky" and page is not None:
            if hits == 1:
                return self._send(500, b"<h1>Internal Server Error</h1>")
            return self._send(200, page.encode("utf-8"))
        if head == "busy" and page is not None:
            if hits == 1:
                return self._send(429, b"slow down", [("Retry-After", "1")], content_type="text/plain")
            return self._send(200, page.encode("utf-8"))
        if head == "busy-date" and page is not None:
            if hits == 1:
                when = email.utils.formatdate(time.time() + 1, usegmt=True)
                return self._send(503, b"maintenance", [("Retry-After", when)], content_type="text/plain")
            return self._send(200, page.encode("utf-8"))
        if path == "/down":
            return self._send(503, b"down for maintenance", content_type="text/plain")
        if path == "/busy-long":
            return self._send(429, b"come back tomorrow", [("Retry-After", "3600")], content_type="text/plain")
        if path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"<p>" + b"x" * 8000 + b"</p>\n"
            try:
                while not srv.closing:
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            except OSError:
                pass
            self.close_connection = True
            return
        if path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(100_000_000))
            self.end_headers()
            self.close_connection = True
            return
        if path == "/loris":
            try:
                for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"z" * 1000:
                    if srv.closing:
                        break
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
            self.close_connection = True
            return
        if path == "/feed.xml":
            links = srv.feed_links or [f"{srv.base}/item/{n}" for n in range(1, srv.feed_items + 1)]
            items = "".join(
                f"<item><title>Deal number {n}</title>" + (f"<link>{link}</link>" if link else "") +
                f"<guid>deal-{n}</guid><pubDate>Tue, 10 Jun 2025 04:00:00 GMT</pubDate>"
                f"<description>Short summary {n}.</description></item>"
                for n, link in enumerate(links, 1))
            feed = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                    f"<title>Loopback deals</title><link>{srv.base}/</link>{items}</channel></rss>")
            return self._send(200, feed.encode(), content_type="application/rss+xml")
        if path == "/sitemap-index.xml":
            maps = "".join(f"<sitemap><loc>{srv.base}/sitemap-{k}.xml</loc></sitemap>" for k in (1, 2, 1))
            return self._send(200, (f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
                                    f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}</sitemapindex>'
                                    ).encode(), content_type="application/xml")
        if path in ("/sitemap-1.xml", "/sitemap-2.xml"):
            numbers = range(1, 4) if path == "/sitemap-1.xml" else range(4, 6)
            urls = "".join(f"<url><loc>{srv.base}/item/{n}</loc></url>" for n in numbers)
            if path == "/sitemap-2.xml":
                urls += "<url><loc>mailto:desk@example.com</loc></url>"
            return self._send(200, (f'<?xml version="1.0" encoding="UTF-8"?><urlset '
                                    f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
                                    ).encode(), content_type="application/xml")
        if head == "item" and name.isdigit():
            return self._send(200, item_page(int(name)).encode())
        return self._send(404, b"<h1>Not Found</h1>")


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients that hang up on purpose (limits, timeouts) are the point


class FetchServer:
    def __init__(self, tls=None):
        self.pages = {}
        self.robots = ROBOTS
        self.slow_seconds = 3
        self.feed_items = 20
        self.hold_seconds = 0.3
        self.in_flight = self.max_in_flight = 0  # /hold/ requests being answered now, and the most at once
        self.starts = []                        # when each /hold/ request came (time.monotonic)
        self.feed_links = None  # a list of item links instead ("" for an item without one)
        self.hits = Counter()
        self.user_agents = []
        self.lock = threading.Lock()
        self.closing = False
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.owner = self
        scheme = "http"
        if tls:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(*tls)
            self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
            scheme = "https"
        self.port = self.httpd.server_address[1]
        self.base = f"{scheme}://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return self.base + path

    def close(self):
        self.closing = True
        self.httpd.shutdown()
        self.httpd.server_close()


def make_certificate(directory, names="IP:127.0.0.1,DNS:localhost"):
    """A self-signed certificate for `names` (subjectAltName), made with the
    openssl command; returns (cert, key) paths, or None without openssl."""
    import os
    import shutil
    import subprocess
    openssl = shutil.which("openssl")
    if not openssl:
        return None
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-addext", f"subjectAltName={names}",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    return cert, key
