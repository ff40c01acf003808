"""HTTPS through OpenSSL with a certificate this test makes (openssl req, for
127.0.0.1 and localhost): verified against --ca-file it gives the record; with
the system CA store alone the certificate does not verify and the error says
so, while a plain-HTTP page of the same run still gives its record; a name the
certificate does not hold fails too."""
import os
import shutil
import sys
import tempfile

from _fetch_server import FetchServer, article_html, make_certificate
from _helpers import SKIP, expect, finish, records, run

if not shutil.which("openssl"):
    print("SKIPPED: no openssl command to make a certificate")
    sys.exit(SKIP)

PAGE = article_html("Oracle cloud deal", ["Meta agreed to rent Nvidia GPUs from Oracle for $10 billion."])
with tempfile.TemporaryDirectory() as d:
    cert, key = make_certificate(d)
    tls = FetchServer(tls=(cert, key))
    plain = FetchServer()
    tls.pages["a"] = plain.pages["a"] = PAGE
    base = ["--delay", "0", "--retries", "0", "--with-text"]

    p = run("fetch", *base, "--ca-file", cert, tls.url("/page/a"), f"https://localhost:{tls.port}/page/a",
            plain.url("/page/a"))
    recs = records(p.stdout)
    expect(p.returncode == 0 and len(recs) == 3, f"with --ca-file: exit {p.returncode}, {len(recs)} lines")
    for rec in recs:
        expect(rec.get("schema") == "newsdeal.article/1", f"with --ca-file: {rec.get('id')}: {rec.get('error')}")
    if len(recs) == 3:
        expect(recs[0]["text"] == recs[2]["text"] and "Oracle" in recs[0]["text"], "https and http texts differ")
        expect(recs[0]["id"] == tls.url("/page/a"), f"id {recs[0]['id']}")
    # 127.0.0.1 and localhost are two origins: robots.txt once for each.
    expect(tls.hits["/robots.txt"] == 2 and tls.hits["/page/a"] == 2,
           f"robots.txt once per origin over TLS: {dict(tls.hits)}")

    p = run("fetch", *base, tls.url("/page/a"), plain.url("/page/a"))
    recs = records(p.stdout)
    expect(p.returncode == 1 and len(recs) == 2, f"system CA store: exit {p.returncode}, {len(recs)} lines")
    if len(recs) == 2:
        err = recs[0].get("error", "")
        expect(recs[0].get("stage") == "fetch" and err.startswith(tls.url("/page/a") + ": ") and
               "did not verify against the system CA store (--ca-file adds a CA)" in err,
               f"unverified certificate: {err!r}")
        expect(recs[1].get("schema") == "newsdeal.article/1", f"the plain page of the same run: {recs[1]}")

    # A CA file that does not hold the server's certificate: its own CA is named.
    other_dir = os.path.join(d, "other")
    os.mkdir(other_dir)
    other_cert, _ = make_certificate(other_dir)
    p = run("fetch", *base, "--ignore-robots", "--ca-file", other_cert, tls.url("/page/a"))
    recs = records(p.stdout)
    expect(len(recs) == 1 and f"did not verify against the CA file {other_cert}" in recs[0].get("error", ""),
           f"another CA: {recs}")

    # A certificate for another name: trusted CA, wrong host.
    named_dir = os.path.join(d, "named")
    os.mkdir(named_dir)
    named = FetchServer(tls=make_certificate(named_dir, names="DNS:news.example"))
    named.pages["a"] = PAGE
    p = run("fetch", *base, "--ignore-robots", "--ca-file", os.path.join(named_dir, "cert.pem"),
            named.url("/page/a"))
    recs = records(p.stdout)
    expect(len(recs) == 1 and recs[0].get("stage") == "fetch" and "did not verify" in recs[0].get("error", ""),
           f"a certificate for another host name: {recs}")
    expect(named.hits["/page/a"] == 0, "the page was requested over an unverified connection")

    named.close()
    tls.close()
    plain.close()
finish()
