"""HTML pages become articles: `newsdeal extract --with-text` on pages written for this test
(tests/data/html/) keeps the article's paragraphs, one blank line apart, with the headline as the
first line, and drops the navigation, header, footer, sidebar, comments, share widget, related
links, ads, captions and hidden boxes; title, published date and URL come from each kind of
metadata (Open Graph and article: meta tags, JSON-LD, <title>, <time>, rel=author, rel=canonical).
A gzip-compressed page gives the same record.

With ../shared present it also runs the article-extraction benchmark (181 real pages, without the
readability baseline and untimed) and fails below F1 0.90: a regression guard, not the target
(tests/bench/run_html measures that)."""
import gzip
import os
import shutil
import subprocess
import sys
import tempfile

from _helpers import NEWSDEAL, SHARED, SOURCE, expect, finish, records, run

PAGES = os.path.join(SOURCE, "tests", "data", "html")


def extract(path):
    p = run("extract", "--with-text", path, check_rc=0)
    recs = records(p.stdout)
    expect(len(recs) == 1, f"{path}: {len(recs)} records, expected 1")
    return recs[0] if recs else {}


# Open Graph, article: meta, rel=canonical, a page full of furniture.
r = extract(os.path.join(PAGES, "ledger-chips-deal.html"))
text = r.get("text", "")
src = r.get("source", {})
expect(r.get("schema") == "newsdeal.article/1", f"not an article record: {r}")
expect(src.get("format") == "html", f"format {src.get('format')}")
expect(r.get("title") == "Orbital Compute signs chip supply pact with Halvard Semiconductor", f"title {r.get('title')!r}")
expect(src.get("published") == "2025-03-14T09:30:00+08:00", f"published {src.get('published')!r}")
expect(src.get("url") == "https://ledger.example/2025/03/14/orbital-halvard-chips",
       f"url from the relative canonical link and og:url: {src.get('url')!r}")
expect(text.startswith("Orbital Compute signs chip supply pact with Halvard Semiconductor\n\nOrbital Compute, the cloud"),
       f"headline then the first paragraph: {text[:160]!r}")
for kept in ["over five years.\n\nUnder the agreement", "own use.\n\nWhy the deal matters\n\nAnalysts said",
             "grows faster than planned."]:
    expect(kept in text, f"paragraph layout {kept!r} missing from {text!r}")
for gone in ["Markets", "Home", "Share on Social", "wafer line", "Advertisement", "Internal draft note",
             "Related articles", "Cloud start-ups race", "comments", "Great news for the region", "Most popular",
             "Sign up", "Copyright", "Privacy", "By Mara", "14 March 2025"]:
    expect(gone not in text, f"{gone!r} should have been dropped: {text!r}")
expect(text.count("\n\n") == 6, f"seven paragraphs (headline, 5 and a heading), got {text.count(chr(10) * 2) + 1}")

# JSON-LD only: headline, datePublished, url.
r = extract(os.path.join(PAGES, "jsonld-only.html"))
src = r.get("source", {})
expect(r.get("title") == "Northwind Cloud cuts 300 jobs in restructuring", f"title {r.get('title')!r}")
expect(src.get("published") == "2024-11-02T07:15:00Z", f"published {src.get('published')!r}")
expect(src.get("url") == "https://harbour.example/news/northwind-cuts", f"url {src.get('url')!r}")
expect("About us" not in r.get("text", "") and "Home" not in r.get("text", ""), "menu and footer dropped")
heads = [e for e in r.get("entities", []) if e.get("type") == "headcount" and (e.get("value") or {}).get("min") == 300]
expect(heads, f"the page's text goes through the pipeline (300 jobs): {r.get('entities')}")

# Chinese: <title> without the site, <time datetime>, detected language, comments dropped.
r = extract(os.path.join(PAGES, "zh-chip-order.html"))
text = r.get("text", "")
expect(r.get("title") == "星河算力向北辰芯片订购十万颗推理芯片", f"title {r.get('title')!r}")
expect(r.get("source", {}).get("published") == "2025-05-20", f"published {r.get('source')}")
expect(r.get("langs") == ["zh"], f"langs {r.get('langs')}")
expect("星河算力周二宣布" in text and "网友评论" not in text and "版权所有" not in text and "首页" not in text,
       f"zh text {text!r}")

# The same page gzip-compressed: the same record but for its path.
with tempfile.TemporaryDirectory() as d:
    plain = os.path.join(PAGES, "ledger-chips-deal.html")
    gz = os.path.join(d, "ledger-chips-deal.html.gz")
    with open(plain, "rb") as src_fh, gzip.open(gz, "wb") as dst:
        shutil.copyfileobj(src_fh, dst)
    a, b = extract(plain), extract(gz)
    for rec in (a, b):
        rec.get("source", {}).pop("path", None)
    expect(a == b, "a .html.gz page gives the record of the plain page")

# The benchmark as a regression guard.
bench_data = os.path.join(SHARED, "peer", "article-extraction")
tool = os.path.join(os.path.dirname(NEWSDEAL), "tests", "bench", "html_extract_tool")
if not os.path.exists(os.path.join(bench_data, "ground-truth.json")):
    print(f"note: {bench_data} is absent: benchmark guard skipped")
elif not os.path.exists(tool):
    print(f"note: {tool} is not built: benchmark guard skipped")
else:
    p = subprocess.run([sys.executable, os.path.join(SOURCE, "tests", "bench", "article_extraction.py"),
                        "--tool", tool, "--data", bench_data, "--no-readability", "--min-f1", "0.90"],
                       capture_output=True, text=True)
    print(p.stdout.strip())
    expect(p.returncode == 0, f"article-extraction benchmark below F1 0.90:\n{p.stdout}{p.stderr}")

finish()
