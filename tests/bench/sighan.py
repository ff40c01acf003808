#!/usr/bin/env python3
"""SIGHAN 2005 PKU benchmark: ICU word break alone against ICU + the domain lexicon.

Usage: python3 tests/bench/sighan.py BUILD_DIR [SHARED_DIR]

Runs BUILD_DIR/tests/bench/segment_tool over SHARED_DIR/peer/sighan2005/pku_test.utf8,
once with --icu (Segmenter::icu_words) and once without (Segmenter::words), and scores
both against pku_test_gold.utf8 the way the bakeoff does: line by line, words as spans
of character offsets (whitespace not counted), precision, recall and F1, and recall
of the out-of-vocabulary gold words (those not in pku_training_words.utf8).

The segmenter returns words only, never punctuation, so characters that no output
word covers (punctuation, symbols such as the ○ of 二○○一年) count as one-character
tokens each, as a segmenter that passed them through would print them. Gold
punctuation is then matched; a gold word with ○ in it never is.

Times: each run segments the whole file --repeat times inside the tool, which
reports the time spent segmenting (not start-up or I/O); the best of --runs is
kept, the two configurations taking turns so a change in machine load hits
both. SHARED_DIR defaults to ../shared beside the source root.
"""

import argparse
import os
import subprocess
import sys
import time


def spans(words):
    """Character-offset spans of a list of words laid end to end."""
    out, pos = [], 0
    for w in words:
        out.append((pos, pos + len(w)))
        pos += len(w)
    return out


def output_spans(line, words):
    """Spans of the tool's words in `line` (whitespace removed), characters no word
    covers added as one-character spans."""
    text = "".join(line.split())
    result, pos = [], 0
    for w in words:
        at = text.find(w, pos)
        if at < 0:
            raise ValueError(f"word {w!r} not found in line {line!r} after {pos}")
        result.extend((i, i + 1) for i in range(pos, at))
        result.append((at, at + len(w)))
        pos = at + len(w)
    result.extend((i, i + 1) for i in range(pos, len(text)))
    return result


def score(test_lines, out_lines, gold_lines, train_words):
    if not (len(test_lines) == len(out_lines) == len(gold_lines)):
        sys.exit(f"line counts differ: test {len(test_lines)}, output {len(out_lines)}, gold {len(gold_lines)}")
    n_out = n_gold = n_ok = n_oov = n_oov_ok = 0
    for test, out, gold in zip(test_lines, out_lines, gold_lines):
        gw = gold.split()
        g = spans(gw)
        o = set(output_spans(test, out.split()))
        n_out += len(o)
        n_gold += len(g)
        for w, s in zip(gw, g):
            ok = s in o
            n_ok += ok
            if w not in train_words:
                n_oov += 1
                n_oov_ok += ok
    p = n_ok / n_out if n_out else 0.0
    r = n_ok / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"P": p, "R": r, "F1": f, "OOV-R": n_oov_ok / n_oov if n_oov else 0.0}


def run_tool(tool, flags, data, repeat):
    """Returns (output lines, seconds spent segmenting as the tool reports it)."""
    start = time.perf_counter()
    proc = subprocess.run([tool, *flags, "--repeat", str(repeat)], input=data,
                          capture_output=True, check=True)
    wall = time.perf_counter() - start
    seconds = wall
    for line in proc.stderr.decode().splitlines():
        if line.startswith("segment_seconds="):
            seconds = float(line.split("=", 1)[1])
    return proc.stdout.decode("utf-8").split("\n")[:-1], seconds


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build_dir")
    ap.add_argument("shared_dir", nargs="?")
    ap.add_argument("--repeat", type=int, default=5, help="passes over the file per run (default 5)")
    ap.add_argument("--runs", type=int, default=3, help="runs per configuration, best kept (default 3)")
    args = ap.parse_args()

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    shared = args.shared_dir or os.path.join(os.path.dirname(root), "shared")
    sighan = os.path.join(shared, "peer", "sighan2005")
    tool = os.path.join(args.build_dir, "tests", "bench", "segment_tool")
    for f in (tool, sighan):
        if not os.path.exists(f):
            sys.exit(f"not found: {f}")

    def read(name):
        with open(os.path.join(sighan, name), encoding="utf-8") as fh:
            return fh.read()

    test_text = read("pku_test.utf8")
    test_lines = test_text.split("\n")[:-1] if test_text.endswith("\n") else test_text.split("\n")
    gold_lines = read("pku_test_gold.utf8").splitlines()
    train_words = set(read("pku_training_words.utf8").split())
    data = test_text.encode("utf-8")

    configs = (("ICU alone", ["--icu"]), ("ICU + lexicon", []))
    best = {name: None for name, _ in configs}
    outputs = {}
    for _ in range(args.runs):  # interleaved, so a change in machine load hits both
        for name, flags in configs:
            outputs[name], secs = run_tool(tool, flags, data, args.repeat)
            best[name] = secs if best[name] is None else min(best[name], secs)
    rows = []
    for name, _ in configs:
        m = score(test_lines, outputs[name], gold_lines, train_words)
        m["seconds"] = best[name] / args.repeat
        m["MB/s"] = len(data) / m["seconds"] / 1e6
        rows.append((name, m))

    base = rows[0][1]["seconds"]
    print(f"SIGHAN 2005 PKU test: {len(test_lines)} lines, {len(data) / 1e6:.2f} MB; "
          f"time per pass, best of {args.runs} runs x {args.repeat} passes")
    print(f"{'segmenter':<16}{'P':>7}{'R':>7}{'F1':>7}{'OOV-R':>7}{'ms':>8}{'MB/s':>7}{'time':>7}")
    for name, m in rows:
        print(f"{name:<16}{m['P']:7.3f}{m['R']:7.3f}{m['F1']:7.3f}{m['OOV-R']:7.3f}"
              f"{m['seconds'] * 1e3:8.1f}{m['MB/s']:7.1f}{m['seconds'] / base:6.2f}x")


if __name__ == "__main__":
    main()
