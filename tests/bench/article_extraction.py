#!/usr/bin/env python3
"""HTML page -> article body, scored on ../shared/peer/article-extraction (181 real pages),
newsdeal side by side with @mozilla/readability + jsdom in the same run.

The metric is the benchmark's own (its README; scrapinghub/article-extraction-benchmark's
evaluate.py): tokens are \\w+ matches, each text the multiset of its 4-token shingles; per page
tp = shared shingles, fp = extra predicted, fn = missing, normalized to sum 1; precision is the
mean over pages with tp+fp > 0 (1 where fp = fn = 0), recall likewise over tp+fn > 0, and
F1 = 2PR/(P+R) of the means.

Speed is pages per second of parse + extraction, pages read and gunzipped beforehand, one
thread each: newsdeal's html_extract_tool (gumbo) against readability's JSDOM + parse().

Usage: article_extraction.py --tool BUILD/tests/bench/html_extract_tool [--npm DIR]
         [--no-readability] [--data DIR] [--worst N] [--min-f1 X] [--repeat N]
  --npm DIR: where `npm install --prefix DIR @mozilla/readability jsdom` put them
  --worst N: list the N pages newsdeal scores worst on (for work on the extractor)
  --min-f1 X: exit 1 when newsdeal's F1 is below X (the regression test uses it)
Exit status 0, 1 below --min-f1, 77 when the data set is absent.
"""
import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def shingles(text, n=4):
    tokens = _TOKEN_RE.findall(text or "")
    # As evaluate.py: a text shorter than n tokens is one shorter shingle.
    return collections.Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def page_scores(true, pred):
    t, p = shingles(true), shingles(pred)
    tp = sum(min(c, p[k]) for k, c in t.items())
    fp = sum(p.values()) - tp
    fn = sum(t.values()) - tp
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def precision(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def recall(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def metrics(truth, predicted):
    per_page = {k: page_scores(truth[k], predicted.get(k, "")) for k in truth}
    ps = [precision(*v) for v in per_page.values() if v[0] + v[1] > 0]
    rs = [recall(*v) for v in per_page.values() if v[0] + v[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "pages": per_page}


def run_timed(cmd):
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd[:2])} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    if proc.stderr.strip():
        print(proc.stderr.strip(), file=sys.stderr)
    pages, seconds = proc.stdout.split()
    return int(pages), float(seconds)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", required=True)
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "..", "shared", "peer", "article-extraction"))
    ap.add_argument("--npm", help="folder holding node_modules with @mozilla/readability and jsdom")
    ap.add_argument("--no-readability", action="store_true")
    ap.add_argument("--worst", type=int, default=0)
    ap.add_argument("--min-f1", type=float)
    ap.add_argument("--repeat", type=int, default=1, help="time newsdeal over the pages this many times (best kept)")
    args = ap.parse_args()

    truth_path = os.path.join(args.data, "ground-truth.json")
    if not os.path.exists(truth_path):
        print(f"SKIPPED: {truth_path} is absent")
        return 77
    with open(truth_path, encoding="utf-8") as fh:
        truth = {k: v.get("articleBody", "") for k, v in json.load(fh).items()}
    html_dir = os.path.join(args.data, "html")
    pages = sorted(os.path.join(html_dir, f"{k}.html.gz") for k in truth)

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "newsdeal.json")
        best = None
        for _ in range(max(1, args.repeat)):
            n, secs = run_timed([args.tool, "--json", out, *pages])
            best = secs if best is None else min(best, secs)
        with open(out, encoding="utf-8") as fh:
            ours = json.load(fh)
        m = metrics(truth, ours)
        rows.append(("newsdeal (gumbo)", m, n / best))

        node, theirs = shutil.which("node"), None
        if args.no_readability:
            print("readability: skipped (--no-readability)")
        elif not node:
            print("readability: skipped (node is not installed)")
        elif not args.npm or not os.path.isdir(os.path.join(args.npm, "node_modules", "@mozilla", "readability")):
            print("readability: skipped (@mozilla/readability and jsdom not installed; run_html installs them with npm)")
        else:
            rout = os.path.join(tmp, "readability.json")
            env = dict(os.environ, NODE_PATH=os.path.join(args.npm, "node_modules"))
            proc = subprocess.run([node, os.path.join(here, "readability_bench.js"), rout, *pages],
                                  capture_output=True, text=True, env=env)
            if proc.returncode != 0:
                sys.exit(f"readability_bench.js failed: {proc.stderr[-2000:]}")
            rn, rsecs = (float(x) for x in proc.stdout.split())
            with open(rout, encoding="utf-8") as fh:
                theirs = json.load(fh)
            rows.append(("@mozilla/readability + jsdom", metrics(truth, theirs), rn / rsecs))

    print(f"{len(truth)} pages of {os.path.normpath(args.data)}")
    print(f"{'extractor':<30} {'precision':>9} {'recall':>7} {'F1':>6} {'pages/s':>9}")
    for name, m, speed in rows:
        print(f"{name:<30} {m['precision']:9.3f} {m['recall']:7.3f} {m['f1']:6.3f} {speed:9.1f}")
    if len(rows) == 2:
        print(f"newsdeal / readability: F1 {rows[0][1]['f1'] - rows[1][1]['f1']:+.3f}, "
              f"speed x{rows[0][2] / rows[1][2]:.1f}")

    if args.worst:
        per = rows[0][1]["pages"]
        scored = sorted(per, key=lambda k: min(precision(*per[k]), recall(*per[k])))
        print(f"\nworst {args.worst} pages for newsdeal (precision, recall):")
        for k in scored[:args.worst]:
            extra = ""
            if theirs is not None:
                t = page_scores(truth[k], theirs.get(k, ""))
                extra = f"   readability {precision(*t):.2f} {recall(*t):.2f}"
            print(f"  {k[:16]}  {precision(*per[k]):.2f} {recall(*per[k]):.2f}{extra}")

    if args.min_f1 is not None and rows[0][1]["f1"] < args.min_f1:
        print(f"FAIL: newsdeal F1 {rows[0][1]['f1']:.3f} is below {args.min_f1}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
