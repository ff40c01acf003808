"""Charsets over HTTP: a GBK page declared GBK in its Content-Type, the same
bytes mislabeled ISO-8859-1 (the usual server default) and a gzip-compressed
UTF-8 copy all give the text the UTF-8 page gives: no mojibake, no double
decoding. The header's charset reaches the document reader with the body."""
from _fetch_server import FetchServer
from _helpers import expect, finish, records, run
from _sources import fixture, html_page

ZH = fixture("zh-article.txt")
srv = FetchServer()
srv.pages["zh"] = html_page(ZH)  # no <meta charset>: only the header (or detection) can tell

ref = records(run("extract", "--with-text", "-", stdin=html_page(ZH, meta="utf-8").encode()).stdout)[0]["text"]
expect("亚马逊" in ref or "芯片" in ref, f"reference text: {ref[:80]!r}")

paths = ["/gbk/zh", "/mislabeled/zh", "/gzip/zh", "/page/zh"]
p = run("fetch", "--delay", "0", "--retries", "0", "--with-text", *[srv.url(x) for x in paths])
recs = records(p.stdout)
expect(p.returncode == 0, f"exit {p.returncode}: {p.stderr.decode()}")
expect(len(recs) == len(paths), f"{len(recs)} lines for {len(paths)} URLs")
for path, rec in zip(paths, recs):
    expect(rec.get("schema") == "newsdeal.article/1", f"{path}: {rec.get('error')}")
    expect(rec.get("text") == ref, f"{path}: text {rec.get('text', '')[:60]!r} differs from {ref[:60]!r}")
    expect("zh" in rec.get("langs", []), f"{path}: langs {rec.get('langs')}")

srv.close()
finish()
