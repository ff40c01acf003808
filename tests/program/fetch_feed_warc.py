"""`fetch --feed` over loopback: a feed of 20 items gives 20 records, and its
--warc output (plain .warc and gzip-per-record .warc.gz) replayed by
`newsdeal batch` gives the same records in the same order: equal in every
field but source.format ("html" fetched, "warc" replayed) and source.path
(the WARC file). A feed whose items fail in places still gives one line per
item, and the replay gives exactly the pages that were fetched. --sitemap
follows a sitemap index to its sitemaps (one listed twice is read once)."""
import gzip
import os
import re
import tempfile

from _fetch_server import FetchServer
from _helpers import batch, expect, finish, records, run

srv = FetchServer()
ARGS = ["--delay", "0", "--retries", "0", "--with-text"]


def strip_source(rec):
    """A record without the fields fetch and replay may tell apart."""
    rec = dict(rec)
    src = dict(rec.pop("source", {}))
    src.pop("format", None)
    src.pop("path", None)
    return rec, src


def same_records(fetched, replayed, label):
    expect(len(fetched) == len(replayed), f"{label}: {len(fetched)} fetched, {len(replayed)} replayed")
    for a, b in zip(fetched, replayed):
        (ra, sa), (rb, sb) = strip_source(a), strip_source(b)
        expect(ra == rb and sa == sb, f"{label}: {a.get('id')} differs from its replay {b.get('id')}:\n"
                                      f"  {str(a)[:300]}\n  {str(b)[:300]}")
        expect(b.get("source", {}).get("format") == "warc", f"{label}: replayed format {b.get('source')}")
        expect(a.get("source", {}).get("fetched_at") is not None, f"{label}: fetched_at missing")


with tempfile.TemporaryDirectory() as d:
    for name in ("crawl.warc", "crawl.warc.gz"):
        warc = os.path.join(d, name)
        out = os.path.join(d, name + ".jsonl")
        p = run("fetch", *ARGS, "--feed", srv.url("/feed.xml"), "--warc", warc, "-o", out)
        expect(p.returncode == 0, f"{name}: exit {p.returncode}: {p.stderr.decode()[-300:]}")
        with open(out, encoding="utf-8") as fh:
            fetched = [__import__("json").loads(line) for line in fh]
        expect(len(fetched) == 20, f"{name}: {len(fetched)} records for a feed of 20 items")
        expect([r.get("id") for r in fetched] == [srv.url(f"/item/{n}") for n in range(1, 21)],
               f"{name}: ids out of feed order: {[r.get('id') for r in fetched][:3]}")
        expect(all(r.get("schema") == "newsdeal.article/1" for r in fetched), f"{name}: error records")
        expect(all(f"Company{n}" in r.get("text", "") for n, r in enumerate(fetched, 1)), f"{name}: page texts")
        stderr = p.stderr.decode()
        # robots.txt, the feed, 20 pages.
        expect("22 responses kept in " + warc in stderr, f"{name}: summary {stderr!r}")
        with open(warc, "rb") as fh:
            raw = fh.read()
        if name.endswith(".gz"):
            expect(raw[:2] == b"\x1f\x8b", f"{name}: not gzip")
            members = raw.count(b"\x1f\x8b\x08")
            expect(members >= 23, f"{name}: {members} gzip members, expected one per record (23)")
            raw = gzip.decompress(raw)
        expect(raw.startswith(b"WARC/1.1\r\nWARC-Type: warcinfo\r\n"), f"{name}: starts {raw[:40]!r}")
        expect(raw.count(b"WARC-Type: response\r\n") == 22, f"{name}: response records")
        replayed, bp = batch(warc, extra=("--with-text",))
        expect(bp.returncode == 0, f"{name}: batch exit {bp.returncode}: {bp.stderr.decode()[-300:]}")
        same_records(fetched, replayed, name)
        expect(all(r.get("source", {}).get("path") == warc for r in replayed), f"{name}: replayed source.path")

    # Items that fail in places: still one line per item, in order; the replay
    # holds the pages that came.
    srv.feed_links = [srv.url("/item/1"), srv.url("/missing"), "", "/item/4", "mailto:desk@example.com",
                      srv.url("/private/x"), srv.url("/item/7")]
    warc = os.path.join(d, "partial.warc.gz")
    p = run("fetch", *ARGS, "--feed", srv.url("/feed.xml"), "--warc", warc)
    recs = records(p.stdout)
    expect(p.returncode == 1, f"partial feed: exit {p.returncode}")
    expect(len(recs) == 7, f"partial feed: {len(recs)} lines for 7 items")
    if len(recs) == 7:
        kinds = [(r.get("schema").split(".")[1].split("/")[0], r.get("stage")) for r in recs]
        expect(kinds == [("article", None), ("error", "fetch"), ("error", "parse"), ("article", None),
                         ("error", "parse"), ("error", "fetch"), ("article", None)], f"partial feed: {kinds}")
        expect(recs[1]["error"] == srv.url("/missing") + ": HTTP 404 Not Found", f"404 item: {recs[1]['error']}")
        expect(re.search(r"/feed\.xml: item 3 has no link to fetch$", recs[2]["error"]) and recs[2]["id"] == "deal-3",
               f"item without a link: {recs[2]}")
        expect(recs[3]["id"] == srv.url("/item/4"), f"a relative link resolves against the feed: {recs[3]['id']}")
        expect("item 5: link mailto:desk@example.com: the scheme mailto: is not fetched" in recs[4]["error"],
               f"mailto item: {recs[4]}")
        expect("disallows it" in recs[5]["error"], f"robots item: {recs[5]}")
        replayed, _ = batch(warc, extra=("--with-text",))
        same_records([recs[0], recs[3], recs[6]], replayed, "partial feed")

    # A feed URL that fails is one error line; the URLs given beside it still come.
    p = run("fetch", *ARGS, srv.url("/item/9"), "--feed", srv.url("/missing-feed.xml"))
    recs = records(p.stdout)
    expect(len(recs) == 2 and recs[0].get("id") == srv.url("/item/9") and
           recs[1].get("error") == srv.url("/missing-feed.xml") + ": HTTP 404 Not Found",
           f"failing feed: {recs}")

    # A sitemap index: items 1-5 once each (sitemap-1 is listed twice), the
    # mailto: entry an error in its place.
    srv.hits.clear()
    p = run("fetch", *ARGS, "--sitemap", srv.url("/sitemap-index.xml"))
    recs = records(p.stdout)
    ids = [r.get("id") for r in recs]
    want = [srv.url(f"/item/{n}") for n in range(1, 6)]
    expect(ids[:5] == want and len(recs) == 6, f"sitemap: ids {ids}")
    if len(recs) == 6:
        expect(recs[5].get("stage") == "parse" and "the scheme mailto: is not fetched" in recs[5].get("error", ""),
               f"sitemap mailto entry: {recs[5]}")
    expect(srv.hits["/sitemap-1.xml"] == 1, f"sitemap-1.xml read {srv.hits['/sitemap-1.xml']} times")

srv.close()
finish()
