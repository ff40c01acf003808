"""newsdeal report in a real browser: headless Chromium (Debian package chromium,
which scripts/setup.sh installs where it can) loads the corpus report, runs its
script, and the DOM it gives back must have the graph's nodes and edges, a bar
chart per buyer and one table row per deal; a filter in the address
(#buyer=..., the same code path the filter menus use) must narrow the table to
that buyer's deals. The screenshot is kept in <build>/test-artifacts/. With
../shared, the seed's page filtered to Meta shows five vendors and filtered to
Amazon three customers. Skips (77) when Chromium is not installed."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

from _helpers import SHARED, SKIP, SOURCE, batch, expect, finish
from _report import Dom, artifacts_dir, deal_pairs, make_report, page_data

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
if not os.access(CHROMIUM, os.X_OK):
    print(f"SKIPPED: {CHROMIUM} is absent (Debian package chromium; scripts/setup.sh installs it where it can)")
    sys.exit(SKIP)


def chromium(profile, *args):
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
           f"--user-data-dir={profile}", "--virtual-time-budget=10000", *args]
    p = subprocess.run(cmd, capture_output=True, timeout=180)
    if p.returncode != 0:
        print(p.stderr.decode(errors="replace")[-2000:])
    return p


def load(profile, page, fragment=""):
    """The DOM of the page after its script ran."""
    p = chromium(profile, "--dump-dom", "file://" + page + fragment)
    dom = Dom(p.stdout.decode("utf-8", errors="replace"))
    expect(dom.body.get("data-ready") == "1", f"{os.path.basename(page)}{fragment}: the page script did not finish")
    return dom


def shown(dom):
    return [r for r in dom.rows if "hidden" not in r]


def write_jsonl(path, records):
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


with tempfile.TemporaryDirectory() as d:
    profile = os.path.join(d, "profile")
    arts = artifacts_dir()
    records, _ = batch(os.path.join(SOURCE, "corpus"), extra=("--with-text",))
    jsonl = os.path.join(d, "corpus.jsonl")
    write_jsonl(jsonl, records)
    page = os.path.join(arts, "report-corpus.html")
    make_report([jsonl], page)
    data = page_data(open(page, encoding="utf-8").read())
    pairs = deal_pairs(records)
    companies = {c for p in pairs for c in p}

    dom = load(profile, page)
    # The script hooks every node and edge (for Graphviz's SVG it reads the keys from <title>).
    keys = {n.get("data-key") for n in dom.nodes}
    expect(keys == companies, f"graph nodes in the browser: extra {keys - companies}, missing {companies - keys}")
    got = {(e.get("data-vendor"), e.get("data-buyer")) for e in dom.edges}
    expect(got == pairs, f"graph edges in the browser: extra {got - pairs}, missing {pairs - got}")
    buyers = {b for _, b in pairs}
    expect(set(dom.cards) == buyers, f"bar charts for {sorted(dom.cards)}, buyers {sorted(buyers)}")
    for b in buyers:
        n = len({v for v, x in pairs if x == b})
        expect(dom.cards.get(b) == n, f"{b}'s chart has {dom.cards.get(b)} bars for {n} vendors")
    n_deals = len(data["deals"])
    expect(len(dom.rows) == n_deals and len(shown(dom)) == n_deals, f"{len(shown(dom))} rows shown of {n_deals} deals")

    # A filter narrows the table to that buyer's deals, and filters combine.
    meta_deals = [r for r in data["deals"] if r["buyer"] == "meta"]
    filtered = load(profile, page, "#buyer=meta")
    rows = shown(filtered)
    expect(0 < len(rows) == len(meta_deals) < n_deals, f"#buyer=meta shows {len(rows)} rows, expected {len(meta_deals)}")
    expect(all(r.get("data-buyer") == "meta" for r in rows), "#buyer=meta shows rows of other buyers")
    zh = load(profile, page, "#buyer=meta&lang=zh")
    want = [r for r in meta_deals if "zh" in r["langs"]]
    expect(len(shown(zh)) == len(want) < len(rows), f"#buyer=meta&lang=zh shows {len(shown(zh))}, expected {len(want)}")

    shot = os.path.join(arts, "report-corpus.png")
    p = chromium(profile, "--window-size=1280,2600", f"--screenshot={shot}", "file://" + page)
    expect(p.returncode == 0 and os.path.getsize(shot) > 10000, "no screenshot of the corpus report")
    print(f"screenshot: {shot}")

    seed = os.path.join(SHARED, "seed", "qimuai-3902.txt")
    if os.path.exists(seed):
        srecs, _ = batch(seed, extra=("--with-text",))
        sj = os.path.join(d, "seed.jsonl")
        write_jsonl(sj, srecs)
        spage = os.path.join(arts, "report-seed.html")
        make_report([sj], spage)
        sdom = load(profile, spage)
        edges = {(e.get("data-vendor"), e.get("data-buyer")) for e in sdom.edges}
        expect({v for v, b in edges if b == "meta"} == {"amazon", "nvidia", "amd", "google", "broadcom"},
               "seed graph in the browser: Meta's five vendors")
        expect({b for v, b in edges if v == "amazon"} == {"meta", "anthropic", "openai"},
               "seed graph in the browser: Amazon's three customers")
        expect(sdom.cards.get("meta") == 5, f"seed: Meta's chart has {sdom.cards.get('meta')} bars")
        meta_rows = shown(load(profile, spage, "#buyer=meta"))
        expect(len({r.get("data-vendor") for r in meta_rows}) == 5, f"seed table filtered to Meta: {meta_rows}")
        amazon_rows = shown(load(profile, spage, "#vendor=amazon"))
        expect({r.get("data-buyer") for r in amazon_rows} == {"meta", "anthropic", "openai"},
               f"seed table filtered to Amazon: {[r.get('data-buyer') for r in amazon_rows]}")
        chromium(profile, "--window-size=1280,2000", f"--screenshot={os.path.join(arts, 'report-seed.png')}", "file://" + spage)
    else:
        print(f"note: {seed} is absent; the seed checks were skipped")

finish()
