"""`newsdeal fetch` against a loopback server that fails in every way: each
fault gives one error line naming the URL and what failed (or recovers), and
the good pages of the same run still give their records, in the order given.

Faults: a read timeout, a connection reset, a redirect loop, too many
redirects, 500 then 200, 429 with Retry-After in seconds, 503 with an
HTTP-date Retry-After, an endless body and an announced huge one (--max-body),
a head trickled a byte at a time (the total timeout), robots.txt disallowing,
a 503 that stays, a Retry-After too long to wait for, a 404, a refused
connection, a connect timeout, a scheme that is not fetched. Also: a relative redirect that works,
gzip content coding, robots.txt fetched once per host, the User-Agent sent and
its robots.txt group, and --ignore-robots."""
import json
import os
import re
import socket

from _fetch_server import FetchServer, article_html
from _helpers import SHARED, expect, finish, records, run

srv = FetchServer()
srv.slow_seconds = 3
srv.pages["a"] = article_html("Oracle cloud deal", ["Meta agreed to rent Nvidia GPUs from Oracle for $10 billion."])
srv.pages["b"] = article_html("AMD chips", ["OpenAI will buy AMD MI450 chips for six gigawatts of capacity."])



def fast(retries=1):
    """Short timeouts and backoffs, so the faults take seconds, not minutes."""
    return ["--delay", "0", "--connect-timeout", "1", "--read-timeout", "1", "--timeout", "2.5", "--retries", str(retries), "--backoff", "0.05",
            "--max-body", "200000", "-j", "16"]


cases = [
    # path, expected: None = a record, else a regex the error text must match
    ("/page/a", None),
    ("/slow", r"no data for 1 s \(read timeout, --read-timeout\); gave up after 2 attempts"),
    ("/reset", r"connection was reset or closed before the response was complete.*gave up after 2 attempts"),
    ("/loop/a", r"redirect loop: \S+/loop/a -> \S+/loop/b -> \S+/loop/a$"),
    ("/chain/0", r"more than 10 redirects \(--max-redirects\): \S+/chain/0 -> .* -> \S+/chain/11$"),
    ("/flaky/a", None),
    ("/busy/a", None),
    ("/busy-date/b", None),
    ("/down", r"HTTP 503 Service Unavailable; gave up after 2 attempts$"),
    ("/busy-long", r"HTTP 429 Too Many Requests, Retry-After: 3600 asks for a wait of 3600 s, longer than the "
                   r"120 s allowed \(--max-retry-after\); gave up after 1 attempt$"),
    ("/endless", r"the body is over the limit of 200000 bytes \(--max-body\); the transfer was stopped there"),
    ("/big", r"the body is 100000000 bytes \(Content-Length\), over the limit of 200000 \(--max-body\); "
             r"not downloaded"),
    ("/loris", r"no complete response within 2\.5 s \(total timeout, --timeout\)"),
    ("/private/report", r"not fetched: robots.txt of http://127\.0\.0\.1:\d+ disallows it for user-agent "
                        r"\"newsdeal\" \(Disallow: /private/\); --ignore-robots fetches anyway"),
    ("/private/open", None),  # Allow: /private/open$ is longer than Disallow: /private/
    ("/missing", r"HTTP 404 Not Found$"),
    ("/moved/b", None),
    ("/gzip/b", None),
    ("/page/b", None),
]


def closed_port():
    """A port nothing listens on: connections are refused."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def silent_port():
    """A port whose accept queue is full, so a connection attempt is never
    answered (Linux drops the SYN); None where the kernel answers anyway."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    held = [listener]
    for _ in range(3):
        c = socket.socket()
        c.setblocking(False)
        try:
            c.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        held.append(c)
    probe = socket.socket()
    probe.settimeout(0.5)
    try:
        probe.connect(("127.0.0.1", port))
        return None, held
    except OSError:
        return port, held
    finally:
        probe.close()


refused = closed_port()
silent, held_sockets = silent_port()
extra = [(f"http://127.0.0.1:{refused}/x", rf"cannot connect to 127\.0\.0\.1:{refused} \(refused")]
if silent:
    extra.append((f"http://127.0.0.1:{silent}/x",
                  rf"no connection to 127\.0\.0\.1:{silent} within 1 s \(connect timeout, --connect-timeout\)"))
else:
    print("note: this kernel answers a full accept queue; the connect timeout case is left out")

urls = [srv.url(p) for p, _ in cases] + [u for u, _ in extra] + ["ftp://127.0.0.1/file"]
p = run("fetch", *fast(), "--with-text", *urls)
recs = records(p.stdout)
expect(p.returncode == 1, f"exit status {p.returncode}, expected 1 (some errors)")
expect(len(recs) == len(urls), f"{len(recs)} lines for {len(urls)} URLs")
stderr = p.stderr.decode()
n_errors = 12 + len(extra)
expect(re.search(rf"{len(urls)} lines: 8 records, {n_errors} errors \(fetch {n_errors}\)", stderr) is not None,
       f"summary: {stderr!r}")
for (url, want), rec in zip(extra, recs[len(cases):]):
    expect(rec.get("id") == url and rec.get("error", "").startswith(url + ": ") and
           re.search(want, rec.get("error", "")) is not None, f"{url}: {rec.get('error')!r} does not match {want!r}")

by_id = {}
for (path, want), rec in zip(cases, recs):
    url = srv.url(path)
    if path == "/moved/b":
        # A redirect's record is the page it ended on (the WARC keeps it under that URL).
        expect(rec.get("id") == srv.url("/page/b"), f"{path}: id {rec.get('id')}")
    else:
        expect(rec.get("id") == url, f"{path}: line out of order or wrong id: {rec.get('id')}")
    if want is None:
        expect(rec.get("schema") == "newsdeal.article/1", f"{path}: expected a record, got {rec.get('error')}")
        continue
    err = rec.get("error", "")
    expect(rec.get("schema") == "newsdeal.error/1" and rec.get("stage") == "fetch",
           f"{path}: expected a fetch error, got {str(rec)[:200]}")
    expect(err.startswith(url + ": "), f"{path}: the error does not start with its URL: {err!r}")
    expect(re.search(want, err) is not None, f"{path}: error {err!r} does not match {want!r}")
    expect(rec.get("source", {}).get("url") == url, f"{path}: source.url {rec.get('source')}")
last = recs[-1]
expect(last.get("id") == "ftp://127.0.0.1/file" and "the scheme ftp: is not fetched" in last.get("error", ""),
       f"ftp URL: {last}")

# The recoveries really were retries, the robots verdict kept the page unasked.
expect(srv.hits["/flaky/a"] == 2, f"/flaky/a asked {srv.hits['/flaky/a']} times, expected 2 (500, then 200)")
expect(srv.hits["/busy/a"] == 2, f"/busy/a asked {srv.hits['/busy/a']} times, expected 2 (429, then 200)")
expect(srv.hits["/busy-date/b"] == 2, f"/busy-date/b asked {srv.hits['/busy-date/b']} times")
expect(srv.hits["/slow"] == 2 and srv.hits["/reset"] == 2, f"timeouts and resets are retried: {srv.hits}")
expect(srv.hits["/missing"] == 1, "a 404 is not retried")
expect(srv.hits["/down"] == 2, f"/down asked {srv.hits['/down']} times, expected 2 (--retries 1)")
expect(srv.hits["/busy-long"] == 1, "a Retry-After over --max-retry-after is not waited for")
expect(srv.hits["/private/report"] == 0, "the disallowed page was requested")
expect(srv.hits["/robots.txt"] == 1, f"robots.txt asked {srv.hits['/robots.txt']} times, expected once per host")
expect(all(ua.startswith("newsdeal/") for ua in srv.user_agents), f"User-Agent: {set(srv.user_agents)}")

# The same text whichever way the page came: plain, gzip, after a 500, after a redirect.
texts = {path: rec.get("text") for (path, _), rec in zip(cases, recs)}
expect(texts["/gzip/b"] == texts["/page/b"] == texts["/moved/b"] == texts["/busy-date/b"]
       and "AMD MI450" in (texts["/page/b"] or ""), f"texts differ: {texts['/gzip/b']!r} / {texts['/page/b']!r}")
expect(texts["/flaky/a"] == texts["/page/a"] and "Oracle" in (texts["/page/a"] or ""), "flaky text")

# Without retries the 500 is the answer; a robots.txt group naming the crawler wins.
srv.hits.clear()
srv.user_agents.clear()
p = run("fetch", *fast(retries=0), "--user-agent", "OtherBot/2.0 (+test)", srv.url("/flaky/b"),
        srv.url("/page/a"))
recs = records(p.stdout)
expect(len(recs) == 2, f"other agent: {len(recs)} lines")
if len(recs) == 2:
    expect("disallows it for user-agent \"otherbot\" (Disallow: /)" in recs[0].get("error", ""),
           f"otherbot group: {recs[0].get('error')}")
expect(all(ua == "OtherBot/2.0 (+test)" for ua in srv.user_agents), f"--user-agent: {set(srv.user_agents)}")

srv.pages["c"] = srv.pages["a"]
p = run("fetch", *fast(retries=0), srv.url("/flaky/c"), srv.url("/page/a"))
recs = records(p.stdout)
expect(len(recs) == 2 and recs[0].get("error", "").endswith(": HTTP 500 Internal Server Error"),
       f"--retries 0: {recs[:1]}")
expect(len(recs) == 2 and recs[1].get("schema") == "newsdeal.article/1", "the other URL of the run")

# --ignore-robots fetches what robots.txt disallows.
p = run("fetch", *fast(), "--ignore-robots", srv.url("/private/report"))
recs = records(p.stdout)
expect(p.returncode == 0 and len(recs) == 1 and recs[0].get("schema") == "newsdeal.article/1",
       f"--ignore-robots: {p.returncode} {recs}")

# Usage errors.
p = run("fetch")
expect(p.returncode == 2 and b"give at least one URL" in p.stderr, f"no URL: {p.returncode} {p.stderr!r}")

# Every line, errors included, is valid against the record schema (when ../shared is there).
schema_path = os.path.join(SHARED, "schema", "article.schema.json")
try:
    import jsonschema
except ImportError:
    jsonschema = None
if jsonschema and os.path.exists(schema_path):
    with open(schema_path, encoding="utf-8") as fh:
        schema = json.load(fh)
    schema.pop("$id", None)  # a relative $id that jsonschema cannot resolve against (see schema_valid.py)
    validator = jsonschema.Draft202012Validator(schema)
    for line in records(run("fetch", *fast(retries=0), srv.url("/page/a"), srv.url("/missing")).stdout):
        for e in validator.iter_errors(line):
            fail_msg = f"{line.get('id')}: schema: {e.message}"
            expect(False, fail_msg)

for s in held_sockets:
    s.close()
srv.close()
finish()
