"""Feeds given to batch: RSS 2.0, RSS 1.0 (RDF) and Atom 1.0 give one line per
item (id, url, published, title, HTML content as text); an item without content
is an error record; a sitemap is one error record saying what it lists; malformed
XML is an error naming the file and the byte; an entity-expansion bomb stays
small; a feed is recognized by its content under any name and on stdin."""
import os
import re
import shutil
import tempfile

from _helpers import batch, expect, finish, records, run
from _sources import DATA, fixture, write


def by_id(recs):
    return {r["id"]: r for r in recs}


def article(recs, rid, fmt, url=None, published=None, title=None, starts=None, contains=()):
    r = recs.get(rid)
    if r is None or r["schema"] != "newsdeal.article/1":
        expect(False, f"{rid}: expected an article record, got {r}")
        return
    s = r["source"]
    expect(s["format"] == fmt, f"{rid}: format {s['format']}, expected {fmt}")
    expect(s.get("url") == url, f"{rid}: url {s.get('url')}, expected {url}")
    expect(s.get("published") == published, f"{rid}: published {s.get('published')}, expected {published}")
    expect(r.get("title") == title, f"{rid}: title {r.get('title')!r}, expected {title!r}")
    if starts:
        expect(r["text"].startswith(starts), f"{rid}: text starts {r['text'][:80]!r}, expected {starts!r}")
    for c in contains:
        expect(c in r["text"], f"{rid}: {c!r} not in the text {r['text']!r}")


def error(recs, rid, stage, pattern):
    r = recs.get(rid)
    if r is None or r["schema"] != "newsdeal.error/1":
        expect(False, f"{rid}: expected an error record, got {r}")
        return
    expect(r["stage"] == stage, f"{rid}: stage {r['stage']}, expected {stage}")
    expect(re.search(pattern, r["error"]) is not None, f"{rid}: error {r['error']!r} does not match {pattern!r}")


files = [os.path.join(DATA, n) for n in ("feed-rss2.rss", "feed-rdf.xml", "feed-atom.atom", "sitemap-news.xml",
                                          "sitemap-index.xml", "malformed.rss", "billion-laughs.rss")]
recs_list, proc = batch(*files, extra=("--with-text",))
recs = by_id(recs_list)
expect(proc.returncode == 1, f"exit {proc.returncode}, expected 1 (error records)")
# 3 RSS items + 2 RDF + 3 Atom + 2 sitemaps + 1 malformed + 1 bomb item
expect(len(recs_list) == 12, f"{len(recs_list)} lines, expected 12: {[r['id'] for r in recs_list]}")

article(recs, "cw-1001", "rss", "https://example.com/2025/06/oracle-amd", "2025-06-10T04:00:00Z",
        "Oracle books AMD accelerators for new cluster",
        starts="Oracle books AMD accelerators for new cluster\nOracle agreed to buy AMD accelerators",
        contains=("$1.5 billion",))
expect("teaser" not in recs.get("cw-1001", {}).get("text", ""), "content:encoded did not replace the description")
article(recs, "https://example.com/2025/06/nvidia-amazon", "rss", "https://example.com/2025/06/nvidia-amazon",
        "2025-06-11T09:30:00+08:00", "英伟达向亚马逊供应芯片",
        starts="英伟达向亚马逊供应芯片\n英伟达将向亚马逊供应一批新芯片，详情见公告。\n交易金额未披露。")
error(recs, "https://example.com/2025/06/headline-only", "parse", r"feed-rss2\.rss: item 3 has no content")
article(recs, "https://example.org/n/1", "rss", "https://example.org/n/1", "2025-05-02T08:15:00Z",
        "Meta signs cloud deal with Google", contains=("six-year cloud deal",))
article(recs, "https://example.org/n/2", "rss", None, "2025-05-03", "字节跳动采购国产芯片",
        contains=("昇腾芯片",))
article(recs, "urn:example:dd:1", "atom", "https://example.net/2025/07/coreweave-microsoft",
        "2025-07-01T09:00:00+02:00", "CoreWeave & Microsoft extend contract",
        contains=("extended its contract with CoreWeave",))
expect("track()" not in recs.get("urn:example:dd:1", {}).get("text", "x"), "a script in Atom HTML content was kept")
article(recs, "urn:example:dd:2", "atom", "https://example.net/2025/07/anthropic-tpu", "2025-07-02T11:00:00Z",
        "Anthropic rents TPUs", starts="Anthropic rents TPUs\nAnthropic will rent Google TPUs.\nTerms were not")
article(recs, "urn:example:dd:3", "atom", None, "2025-07-03T11:00:00Z", "Plain summary entry",
        contains=("foundry unit <not markup> to investors",))
error(recs, "sitemap-news", "parse", r"sitemap-news\.xml: a sitemap listing 2 page URLs")
error(recs, "sitemap-index", "parse", r"sitemap-index\.xml: a sitemap index listing 2 sitemaps")
error(recs, "malformed", "parse", r"malformed\.rss: malformed XML at byte \d+: ")
laugh = recs.get("laugh-1", {})
expect(laugh.get("text") == "Entity bomb\nBefore &lol9; after",
       f"billion laughs: the entity was not left as written: {laugh.get('text', '')[:80]!r}")

# Deals come out of feed items like out of any article.
deals = recs.get("cw-1001", {}).get("deals", [])
expect(len(deals) >= 1, f"cw-1001: no deal found in the item text: {deals}")

with tempfile.TemporaryDirectory() as d:
    # Recognized by content: a feed named .txt, a feed on stdin, a feed with no items.
    shutil.copy(os.path.join(DATA, "feed-atom.atom"), os.path.join(d, "saved-feed.txt"))
    empty = write(d, "empty.rss", '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>')
    other = write(d, "config.xml", '<?xml version="1.0"?><settings><a>1</a></settings>')
    recs2, _ = batch(os.path.join(d, "saved-feed.txt"), empty, other)
    ids = [r["id"] for r in recs2]
    expect(ids[:3] == ["urn:example:dd:1", "urn:example:dd:2", "urn:example:dd:3"],
           f"an Atom feed named .txt: ids {ids}")
    error(by_id(recs2), "empty", "parse", r"empty\.rss: RSS 2\.0 feed with no items")
    error(by_id(recs2), "config", "parse", r"config\.xml: XML with the root element <settings>")

    with open(os.path.join(DATA, "feed-rdf.xml"), "rb") as fh:
        p = run("extract", "-", stdin=fh.read())
    got = [r["id"] for r in records(p.stdout)]
    expect(got == ["https://example.org/n/1", "https://example.org/n/2"], f"RDF feed on stdin: {got}")

    # A folder walk takes .rss, .atom and .xml files.
    for n in ("feed-rss2.rss", "feed-atom.atom", "feed-rdf.xml"):
        shutil.copy(os.path.join(DATA, n), os.path.join(d, n))
    walk, _ = batch(d)
    expect(len(walk) == 3 + 3 + 3 + 2 + 1 + 1, f"folder walk: {len(walk)} lines")
finish()
