"""Shared by the sources_* tests: the UTF-8 fixtures of tests/data/sources, pages
built from them in any charset, WARC records and HTTP responses built the way
crawlers write them. Binary inputs (GBK, Big5, gzip, WARC) are made here at run
time from the UTF-8 text, never committed."""
import gzip
import os
import uuid

from _helpers import SOURCE

DATA = os.path.join(SOURCE, "tests", "data", "sources")


def fixture(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as fh:
        return fh.read()


def paragraphs(text):
    return [line for line in text.splitlines() if line.strip()]


def html_page(text, meta=None, head_padding=0, http_equiv=False):
    """An article page: the first line as <h1>, the rest as <p>s. `meta` puts a
    charset declaration in the head; `head_padding` bytes of ASCII scripts,
    styles and navigation come before the article."""
    lines = paragraphs(text)
    head = ["<!DOCTYPE html>", "<html><head>"]
    if meta and http_equiv:
        head.append(f'<meta http-equiv="Content-Type" content="text/html; charset={meta}">')
    elif meta:
        head.append(f'<meta charset="{meta}">')
    head.append("<title>page</title>")
    pad = []
    n = 0
    while n < head_padding:
        chunk = f"<script>var slot{n} = {{id: {n}, size: [300, 250], refresh: true}}; loadAd(slot{n});</script>\n"
        pad.append(chunk)
        n += len(chunk)
    head.extend(pad)
    head.append("</head><body>")
    head.append('<nav><a href="/">Home</a> <a href="/tech">Tech</a> <a href="/markets">Markets</a></nav>')
    body = [f"<h1>{lines[0]}</h1>"] + [f"<p>{p}</p>" for p in lines[1:]]
    return "\n".join(head + body + ["</body></html>"]) + "\n"


def http_response(body, headers, status="200 OK"):
    head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode("latin-1") + body


def chunked(body, size=97):
    out = b""
    for i in range(0, len(body), size):
        part = body[i:i + size]
        out += f"{len(part):x}\r\n".encode() + part + b"\r\n"
    return out + b"0\r\n\r\n"


def warc_record(wtype, block, uri=None, content_type=None, date="2025-06-10T04:00:00Z", extra=(), length=None):
    headers = [("WARC-Type", wtype), ("WARC-Record-ID", f"<urn:uuid:{uuid.uuid4()}>"), ("WARC-Date", date)]
    if uri:
        headers.append(("WARC-Target-URI", uri))
    if content_type:
        headers.append(("Content-Type", content_type))
    headers.extend(extra)
    headers.append(("Content-Length", str(len(block) if length is None else length)))
    head = "WARC/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode("utf-8") + block + b"\r\n\r\n"


def response_record(uri, body, headers, status="200 OK", **kw):
    return warc_record("response", http_response(body, headers, status), uri=uri,
                       content_type="application/http; msgtype=response", **kw)


def gzip_members(records):
    """One gzip member per record, as .warc.gz files are written."""
    return b"".join(gzip.compress(r) for r in records)


def write(directory, name, data):
    path = os.path.join(directory, name)
    with open(path, "wb") as fh:
        fh.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path
