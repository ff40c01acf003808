"""WARC archives: response records with pages become articles (id and url from
WARC-Target-URI, fetched_at from WARC-Date, charset from the HTTP header, chunked
and gzip bodies undone); request, metadata, warcinfo, redirects, images, robots.txt
and feeds are skipped; a multi-member .warc.gz whose last record is cut off gives
the earlier articles and then one error record; a record whose Content-Length is
wrong is an error and reading goes on at the next record; stdin and .warc.zst too."""
import gzip
import os
import re
import shutil
import subprocess
import tempfile

from _helpers import batch, expect, finish, records, run
from _sources import chunked, fixture, gzip_members, html_page, response_record, warc_record, write

ZH = fixture("zh-article.txt")
HANT = fixture("zh-hant-article.txt")
zh_lines = [l for l in ZH.splitlines() if l]

gbk_page = html_page(ZH).encode("gbk")  # no <meta>: the header's charset says GBK
records_in = [
    warc_record("warcinfo", b"software: newsdeal-test\r\nformat: WARC File Format 1.1\r\n",
                content_type="application/warc-fields"),
    warc_record("request", b"GET /a HTTP/1.1\r\nHost: example.cn\r\n\r\n", uri="https://example.cn/a",
                content_type="application/http; msgtype=request"),
    response_record("https://example.cn/a", chunked(gzip.compress(gbk_page)),
                    [("Content-Type", "text/html; charset=GBK"), ("Transfer-Encoding", "chunked"),
                     ("Content-Encoding", "gzip")], date="2025-06-10T04:00:01Z"),
    warc_record("metadata", b"via: https://example.cn/\r\n", uri="https://example.cn/a",
                content_type="application/warc-fields"),
    response_record("https://example.cn/old", b"", [("Location", "https://example.cn/a")], status="301 Moved"),
    response_record("https://example.cn/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), [("Content-Type", "image/png")]),
    response_record("https://example.cn/robots.txt", b"User-agent: *\nDisallow: /private\n",
                    [("Content-Type", "text/plain")]),
    response_record("https://example.cn/feed", fixture("feed-rss2.rss").encode(),
                    [("Content-Type", "application/rss+xml")]),
    # The header says GB2312, the page says Big5 and is Big5: the header does not
    # decode it cleanly, the page's own declaration does.
    response_record("https://example.tw/b", html_page(HANT, meta="big5").encode("big5"),
                    [("Content-Type", "text/html; charset=gb2312")]),
    # The header says GB2312 but the bytes are UTF-8: valid UTF-8 wins.
    response_record("https://example.cn/c", html_page(ZH).encode("utf-8"),
                    [("Content-Type", "text/html; charset=gb2312")]),
    warc_record("resource", html_page(ZH, meta="gbk").encode("gbk"), uri="file:///saved/d.html",
                content_type="text/html"),
]
# Cut off two thirds in: its WARC headers are whole, its block is not.
last = response_record("https://example.cn/cut", html_page(ZH + HANT).encode("utf-8"), [("Content-Type", "text/html")])

ref_p = run("extract", "--with-text", "-", stdin=html_page(ZH, meta="utf-8").encode())
ZH_TEXT = records(ref_p.stdout)[0]["text"]
ref_p = run("extract", "--with-text", "-", stdin=html_page(HANT, meta="utf-8").encode())
HANT_TEXT = records(ref_p.stdout)[0]["text"]


def check_archive(recs, label, cut_pattern):
    ids = [r["id"] for r in recs]
    want = ["https://example.cn/a", "https://example.tw/b", "https://example.cn/c", "file:///saved/d.html",
            "https://example.cn/cut"]
    expect(ids == want, f"{label}: ids {ids}, expected {want}")
    by = {r["id"]: r for r in recs}
    for rid, text in (("https://example.cn/a", ZH_TEXT), ("https://example.tw/b", HANT_TEXT),
                      ("https://example.cn/c", ZH_TEXT), ("file:///saved/d.html", ZH_TEXT)):
        r = by.get(rid, {})
        expect(r.get("schema") == "newsdeal.article/1", f"{label}: {rid}: {r.get('error')}")
        expect(r.get("text") == text, f"{label}: {rid}: text {r.get('text', '')[:60]!r}")
        expect(r.get("source", {}).get("format") == "warc", f"{label}: {rid}: format {r.get('source')}")
    a = by.get("https://example.cn/a", {}).get("source", {})
    expect(a.get("url") == "https://example.cn/a" and a.get("fetched_at") == "2025-06-10T04:00:01Z",
           f"{label}: source of the first page: {a}")
    cut = by.get("https://example.cn/cut", {})
    expect(cut.get("schema") == "newsdeal.error/1" and cut.get("stage") == "read",
           f"{label}: the cut-off record: {str(cut)[:300]}")
    expect(re.search(cut_pattern, cut.get("error", "")) is not None,
           f"{label}: cut-off error {cut.get('error')!r} does not match {cut_pattern!r}")


with tempfile.TemporaryDirectory() as d:
    # Multi-member .warc.gz, the last member cut in half.
    members = gzip_members(records_in)
    last_member = gzip.compress(last)
    gz = write(d, "crawl.warc.gz", members + last_member[: len(last_member) * 2 // 3])
    recs, proc = batch(gz, extra=("--with-text",))
    check_archive(recs, "warc.gz", r"crawl\.warc\.gz: record 12 \(https://example\.cn/cut\) at byte \d+: "
                                   r"cut off: .*truncated gzip data.*compressed byte \d+")
    expect(proc.returncode == 1, f"warc.gz: exit {proc.returncode}, expected 1")

    # Plain .warc cut inside the last block.
    plain = b"".join(records_in) + last
    cut_at = len(plain) - 200
    w = write(d, "plain.warc", plain[:cut_at])
    recs, _ = batch(w, extra=("--with-text",))
    check_archive(recs, "warc", r"plain\.warc: record 12 .*truncated: Content-Length says \d+ bytes, the file "
                                r"ends after \d+")

    # The same archive on stdin, gzip-compressed, recognized by content.
    p = run("batch", "--with-text", "-", stdin=members + last_member[: len(last_member) * 2 // 3])
    check_archive(records(p.stdout), "stdin", r"stdin: record 12 .*cut off")

    # A record whose Content-Length is 40 bytes short: an error, then the next record.
    short = response_record("https://example.cn/short", html_page(ZH).encode(), [("Content-Type", "text/html")])
    short = re.sub(rb"Content-Length: (\d+)", lambda m: b"Content-Length: " + str(int(m.group(1)) - 40).encode(),
                   short, count=1)
    after = response_record("https://example.cn/after", html_page(ZH).encode(), [("Content-Type", "text/html")])
    junk = b"this line is no WARC record\r\n"
    w = write(d, "damaged.warc", records_in[2] + short + after + junk + after)
    recs, _ = batch(w)
    ids = [(r["id"], r["schema"].split("/")[0].split(".")[1]) for r in recs]
    expect(ids == [("https://example.cn/a", "article"), ("https://example.cn/short", "error"),
                   ("https://example.cn/after", "article"), ("damaged:4", "error"),
                   ("https://example.cn/after", "article")], f"damaged WARC: {ids}")
    errs = [r["error"] for r in recs if r["schema"] == "newsdeal.error/1"]
    expect(len(errs) == 2 and "does not end where its Content-Length" in errs[0] and "no WARC record here" in errs[1],
           f"damaged WARC errors: {errs}")

    # A page over the limit is one error; a big image is skipped without one.
    big = response_record("https://example.cn/big", html_page(ZH * 400).encode(), [("Content-Type", "text/html")])
    img = response_record("https://example.cn/big.jpg", bytes(300000), [("Content-Type", "image/jpeg")])
    w = write(d, "big.warc", big + img + after)
    recs, _ = batch(w, extra=("--max-article-bytes", "65536"))
    ids = [r["id"] for r in recs]
    expect(ids == ["https://example.cn/big", "https://example.cn/after"], f"over-limit WARC: {ids}")
    expect(re.search(r"over the limit of 65536", recs[0].get("error", "")) is not None, f"over-limit: {str(recs[0])[:300]}")

    # .warc.zst, when the zstd program is there to make one.
    if shutil.which("zstd"):
        src = write(d, "z.warc", b"".join(records_in))
        subprocess.run(["zstd", "-q", "-f", src, "-o", os.path.join(d, "z.warc.zst")], check=True)
        os.remove(src)
        recs, _ = batch(os.path.join(d, "z.warc.zst"))
        expect([r["id"] for r in recs][:4] == ["https://example.cn/a", "https://example.tw/b", "https://example.cn/c",
                                               "file:///saved/d.html"], f"warc.zst: {[r['id'] for r in recs]}")
    else:
        print("note: no zstd program; .warc.zst is covered by the C++ tests")
finish()
