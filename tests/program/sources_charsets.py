"""Pages and text files in GBK, GB18030, Big5, Shift-JIS, UTF-16 and windows-1252
decode to the same text as their UTF-8 originals: declared by <meta>, by a byte
order mark, or undeclared and detected, including a page whose first 40 KB are
ASCII scripts with the Chinese text after them, and a page whose <meta> is
wrong. A UTF-8 feed beside GB2312 pages and a GB2312 feed whose items carry
their own <meta>: every text decoded once, never twice."""
import os
import tempfile

from _helpers import batch, expect, finish
from _sources import fixture, html_page, write

ZH = fixture("zh-article.txt")
HANT = fixture("zh-hant-article.txt")
JA = "東京の新聞社\nソフトバンクは新しいデータセンターを建設すると発表した。投資額は約三千億円になる見込みだ。\n"
EN = "Chip deal talk\nHe said \u201cthe deal is done\u201d \u2013 and it\u2019s worth \u20ac2 billion to the caf\u00e9 chain.\n"

with tempfile.TemporaryDirectory() as top:
    d = os.path.join(top, "pages")
    os.mkdir(d)
    cases = {}  # id -> (file, expected text from the UTF-8 original)

    def case(name, data, reference_html=None, reference_text=None):
        path = write(d, name, data)
        cases[os.path.splitext(name)[0]] = (path, reference_html, reference_text)

    ref_dir = os.path.join(top, "ref")
    os.mkdir(ref_dir)

    def reference(name, html):
        return write(ref_dir, name, html.encode("utf-8"))

    zh_ref = reference("zh.html", html_page(ZH, meta="utf-8"))
    zh_pad_ref = reference("zh-pad.html", html_page(ZH, meta="utf-8", head_padding=40000))
    hant_ref = reference("hant.html", html_page(HANT, meta="utf-8"))
    ja_ref = reference("ja.html", html_page(JA, meta="utf-8"))
    en_ref = reference("en.html", html_page(EN, meta="utf-8"))

    case("gbk-meta.html", html_page(ZH, meta="gb2312").encode("gbk"), zh_ref)
    case("gbk-http-equiv.html", html_page(ZH, meta="GBK", http_equiv=True).encode("gbk"), zh_ref)
    case("gb18030-meta.html", html_page(ZH, meta="gb18030").encode("gb18030"), zh_ref)
    case("gbk-undeclared.html", html_page(ZH).encode("gbk"), zh_ref)
    # 40 KB of ASCII scripts before any Chinese byte, and no declaration.
    case("gbk-ascii-head.html", html_page(ZH, head_padding=40000).encode("gbk"), zh_pad_ref)
    # The page says UTF-8 but is GBK (a template's stale meta).
    case("gbk-wrong-meta.html", html_page(ZH, meta="utf-8").encode("gbk"), zh_ref)
    case("big5-meta.html", html_page(HANT, meta="big5").encode("big5"), hant_ref)
    case("big5-undeclared.html", html_page(HANT).encode("big5"), hant_ref)
    case("sjis-meta.html", html_page(JA, meta="shift_jis").encode("shift_jis"), ja_ref)
    case("latin1-meta.html", html_page(EN, meta="iso-8859-1").encode("cp1252"), en_ref)
    case("utf16le-bom.html", b"\xff\xfe" + html_page(ZH, meta="utf-16").encode("utf-16-le"), zh_ref)
    case("utf16be-bom.html", b"\xfe\xff" + html_page(ZH).encode("utf-16-be"), zh_ref)
    case("gbk-plain.txt", ZH.encode("gbk"), reference_text=ZH)
    case("big5-plain.txt", HANT.encode("big5"), reference_text=HANT)
    case("utf16-plain.txt", b"\xff\xfe" + ZH.encode("utf-16-le"), reference_text=ZH)

    recs, proc = batch(d, extra=("--with-text",))
    by_id = {r["id"]: r for r in recs}
    refs, _ = batch(ref_dir, extra=("--with-text",))
    ref_text = {r["id"]: r.get("text") for r in refs}
    expect(all(r["schema"] == "newsdeal.article/1" for r in refs), f"reference pages failed: {refs}")

    for rid, (path, ref_html, ref_plain) in cases.items():
        r = by_id.get(rid)
        if r is None or r["schema"] != "newsdeal.article/1":
            expect(False, f"{rid}: no article record: {r}")
            continue
        if ref_html:
            want = ref_text[os.path.splitext(os.path.basename(ref_html))[0]]
        else:
            want = ref_plain.strip("\n")
        got = r["text"].strip("\n")
        expect(got == want, f"{rid}: text differs from the UTF-8 original:\n got {got[:120]!r}\nwant {want[:120]!r}")
        expect("\ufffd" not in got, f"{rid}: replacement characters in the text")
    expect(len(recs) == len(cases), f"{len(recs)} records for {len(cases)} files")

    # Entities come out of decoded pages as out of UTF-8 ones.
    gbk = by_id.get("gbk-ascii-head", {})
    keys = {e.get("key") for e in gbk.get("entities", [])}
    expect({"microsoft", "nvidia"} <= keys, f"gbk-ascii-head: entities {keys}")

    # A UTF-8 feed beside the GB2312 pages its items link to; a GB2312 feed whose
    # item HTML has its own (now meaningless) <meta charset>.
    feed_dir = os.path.join(top, "feed")
    os.mkdir(feed_dir)
    lines = [l for l in ZH.splitlines() if l]
    item = "<item><title>{t}</title><link>https://example.cn/{n}.html</link><guid>{g}</guid>" \
           "<description><![CDATA[{h}]]></description></item>"
    utf8_feed = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
                 + item.format(t=lines[0], n=1, g="u1", h="<p>" + lines[1] + "</p>")
                 + "</channel></rss>")
    write(feed_dir, "feed-utf8.rss", utf8_feed.encode("utf-8"))
    write(feed_dir, "1.html", html_page(ZH, meta="gb2312").encode("gb2312"))
    gb_feed = ('<?xml version="1.0" encoding="gb2312"?><rss version="2.0"><channel><title>t</title>'
               + item.format(t=lines[0], n=2, g="g1",
                             h='<html><head><meta charset="big5"></head><body><p>' + lines[2] + "</p></body></html>")
               + "</channel></rss>")
    write(feed_dir, "feed-gb2312.xml", gb_feed.encode("gb2312"))
    frecs, _ = batch(feed_dir, extra=("--with-text",))
    fby = {r["id"]: r for r in frecs}
    expect(len(frecs) == 3, f"feed folder: {len(frecs)} records, expected 3: {[r['id'] for r in frecs]}")
    expect(fby.get("1", {}).get("text") == ref_text["zh"], "GB2312 page beside a UTF-8 feed: text differs")
    expect(fby.get("u1", {}).get("text") == lines[0] + "\n" + lines[1], f"UTF-8 feed item: {fby.get('u1')}")
    expect(fby.get("g1", {}).get("text") == lines[0] + "\n" + lines[2], f"GB2312 feed item: {fby.get('g1')}")
finish(f"{len(cases)} encoded files")
