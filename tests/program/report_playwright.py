"""newsdeal report used through Playwright in headless Chromium: the buyer menu
narrows the table, a row opens to its evidence (languages, marked mentions, the
conflict box), a graph node filters the table, and the page fetches nothing.
Playwright (npm playwright-core, no browser download) is installed into
<build>/test-artifacts/node/ on first run; the test skips (77) when Chromium,
node/npm or the npm registry is unavailable. Screenshots go to <build>/test-artifacts/."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

from _helpers import SKIP, SOURCE, batch, expect, finish
from _report import artifacts_dir, make_report

PLAYWRIGHT = "playwright-core@1.65.1"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def skip(why):
    print("SKIPPED: " + why)
    sys.exit(SKIP)


if not os.access(CHROMIUM, os.X_OK):
    skip(f"{CHROMIUM} is absent (Debian package chromium; scripts/setup.sh installs it where it can)")
if not shutil.which("node") or not shutil.which("npm"):
    skip("node and npm are needed to run Playwright")
arts = artifacts_dir()
prefix = os.path.join(arts, "node")
if not os.path.isdir(os.path.join(prefix, "node_modules", "playwright-core")):
    os.makedirs(prefix, exist_ok=True)
    p = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", prefix, PLAYWRIGHT],
                       capture_output=True, timeout=300)
    if p.returncode != 0:
        skip(f"npm could not install {PLAYWRIGHT}: {p.stderr.decode(errors='replace')[-500:]}")

with tempfile.TemporaryDirectory() as d:
    records, _ = batch(os.path.join(SOURCE, "corpus"), extra=("--with-text",))
    jsonl = os.path.join(d, "corpus.jsonl")
    with open(jsonl, "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    page = os.path.join(arts, "report-playwright.html")
    make_report([jsonl], page)
    shot = os.path.join(arts, "report-playwright.png")
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "report_playwright.js")
    p = subprocess.run(["node", script, page, shot], capture_output=True, timeout=300,
                       env={**os.environ, "NODE_PATH": os.path.join(prefix, "node_modules"), "CHROMIUM": CHROMIUM})
    if p.returncode != 0:
        print(p.stderr.decode(errors="replace"))
        expect(False, f"the Playwright script failed (exit {p.returncode})")
        finish()
    out = json.loads(p.stdout.decode().strip().splitlines()[-1])

n_deals = sum(len(r.get("deals", [])) for r in records)
meta = sum(1 for r in records for x in r.get("deals", []) if x["buyer"] == "meta")
expect(out["errors"] == [], f"script errors on the page: {out['errors']}")
outside = [u for u in out["requests"] if not u.startswith(("file:", "data:", "about:"))]
expect(not outside, f"the page fetched {outside}")
expect(out["rows_all"] == n_deals, f"{out['rows_all']} rows for {n_deals} deals")
expect(out["rows_meta"] == ["meta"] * meta and meta < n_deals, f"buyer menu = Meta shows {out['rows_meta']}")
expect(out["count_text"] == f"{meta} of {n_deals} deals", f"count reads {out['count_text']!r}")
expect(out["hash"] == "#buyer=meta", f"the filter is not in the address: {out['hash']!r}")
expect(set(out["details_langs"]) == {"Chinese (zh)", "English (en)"}, f"evidence languages: {out['details_langs']}")
expect(out["details_marks"] > 0 and {"Mistral", "Nebius"} <= set(out["details_party"]),
       f"marked parties in the evidence: {out['details_party']}")
expect(out["details_conflict_marks"] == ["120亿美元"], f"conflicting figures marked: {out['details_conflict_marks']}")
expect("disagree on value" in (out["details_conflict_box"] or ""), f"conflict box: {out['details_conflict_box']!r}")
expect(out["details_hidden_after_second_click"], "a second click does not close the evidence")
filters = dict(out["node_click_filters"])
expect(filters.get("buyer") == "amazon" or filters.get("vendor") == "amazon", f"node click set {filters}")
expect(out["rows_after_node"] and all("amazon" in r for r in out["rows_after_node"]),
       f"after the node click: {out['rows_after_node']}")
expect(out["rows_after_reset"] == n_deals, "Show all does not bring every row back")
print(f"screenshots: {shot}, {shot.replace('.png', '-evidence.png')}")
finish()
