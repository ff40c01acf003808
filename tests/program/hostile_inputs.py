"""Hostile inputs (README, "Bad input"): each gets its clear error or its bounded
treatment, and the rest of the batch goes on with one line per input article.
Rows covered here: overlong and surrogate UTF-8, NUL bytes inside JSON text,
HTML nested 100,000 levels deep, a JSONL of a million lines (memory stays flat),
and pathological rule patterns (one over the RE2 memory budget is a load error
naming file and line; a nested quantifier runs in linear time, since RE2 does not
backtrack). Gzip bombs, XML entity expansion, slow-loris clients and servers,
endless redirects and bodies have their tests beside the readers, serve and fetch."""
import json
import os
import subprocess
import tempfile

from _helpers import NEWSDEAL, batch, expect, finish, run

GOOD = "Meta agreed to rent Nvidia GPUs from Oracle for $2 billion.\n"

with tempfile.TemporaryDirectory() as d:
    def write(name, data):
        path = os.path.join(d, name)
        with open(path, "wb") as fh:
            fh.write(data)
        return path

    # Overlong encodings and surrogates are invalid UTF-8 wherever they sit.
    lines = [
        json.dumps({"id": "good-1", "text": GOOD}).encode(),
        b'{"id": "overlong", "text": "a slash as \xc0\xaf"}',
        b'{"id": "surrogate", "text": "half a pair \xed\xa0\x80"}',
        b'{"id": "too-big", "text": "beyond U+10FFFF \xf4\x90\x80\x80"}',
        json.dumps({"id": "nul", "text": "a NUL \u0000 inside JSON text"}).encode(),
        json.dumps({"id": "good-2", "text": GOOD}).encode(),
    ]
    recs, p = batch(write("utf8.jsonl", b"\n".join(lines) + b"\n"))
    by_id = {r.get("id"): r for r in recs}
    expect(len(recs) == 6, f"one line per JSONL article: {len(recs)} for 6")
    for bad in ("overlong", "surrogate", "too-big"):
        r = by_id.get(bad) or {}
        expect(r.get("schema") == "newsdeal.error/1" and "UTF-8" in r.get("error", ""),
               f"{bad}: an error record that says UTF-8, got {json.dumps(r)[:200]}")
    nul = by_id.get("nul", {})
    expect(nul.get("schema") in ("newsdeal.error/1", "newsdeal.article/1"), f"NUL in JSON text: a line, got {nul}")
    if nul.get("schema") == "newsdeal.error/1":
        expect("NUL" in nul.get("error", ""), f"NUL: the error says NUL: {nul.get('error')}")
    for good in ("good-1", "good-2"):
        expect(by_id.get(good, {}).get("schema") == "newsdeal.article/1", f"{good} still gets its record")

    # HTML nested 100,000 levels deep: refused at the depth limit, quickly, no stack overflow.
    deep = b"<html><body>" + b"<div>" * 100_000 + b"Meta" + b"</div>" * 100_000 + b"</body></html>"
    recs, p = batch(write("deep.html", deep), write("after.txt", GOOD.encode()))
    expect(len(recs) == 2, f"deep HTML: {len(recs)} lines for 2 inputs")
    if len(recs) == 2:
        expect(recs[0].get("schema") == "newsdeal.error/1" and "deeper" in recs[0].get("error", ""),
               f"deep HTML: an error naming the depth, got {json.dumps(recs[0])[:200]}")
        expect(recs[1].get("schema") == "newsdeal.article/1", "the file after the deep HTML still gets its record")

    # A JSONL of a million lines: a million output lines, streamed, memory flat: its
    # peak is no more than a little above the peak for a thousandth of it.
    def dump(name, n):
        path = os.path.join(d, name)
        with open(path, "wb") as fh:
            for i in range(n):
                # Mostly lines without text (quick error records), every 1000th a real article.
                fh.write((json.dumps({"id": f"a{i}", "text": GOOD}) if i % 1000 == 0 else f'{{"id":"a{i}"}}').encode()
                         + b"\n")
        return path

    # A sanitizer build holds freed memory in a quarantine (256 MB by default): keep it small
    # so the figure is the program's own.
    env = dict(os.environ, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":quarantine_size_mb=4")

    def batch_peak(path, n):
        """Streams `newsdeal batch` over path; returns (lines, article records, last id, exit, peak MB)."""
        proc = subprocess.Popen([NEWSDEAL, "batch", "-q", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        count = records_ok = 0
        last_id = None
        for line in proc.stdout:  # counted as it streams, never held whole
            count += 1
            if line.startswith(b'{"schema":"newsdeal.article/1"'):
                records_ok += 1
            if count == n:
                last_id = json.loads(line).get("id")
        proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        return count, records_ok, last_id, proc.returncode, usage.ru_maxrss // 1024

    n = 1_000_000
    _, _, _, _, small_peak = batch_peak(dump("thousand.jsonl", n // 1000), n // 1000)
    count, records_ok, last_id, rc, peak = batch_peak(dump("million.jsonl", n), n)
    expect(count == n, f"a million JSONL lines give {count} output lines")
    expect(records_ok == n // 1000, f"{records_ok} article records for {n // 1000} real articles")
    expect(last_id == f"a{n - 1}", f"the last line is the last article's, in order: {last_id}")
    expect(rc == 1, f"exit 1 (some articles failed), got {rc}")
    expect(peak <= small_peak + 64, f"peak memory {peak} MB for a million lines, {small_peak} MB for a thousand: "
                                    "it grows with the input")

    # Pathological rule patterns.
    rules = os.path.join(d, "rules", "en")
    os.makedirs(rules)
    with open(os.path.join(rules, "money.rules"), "w") as fh:
        fh.write("rule: blows-up\npattern: (?:(?:(?:[a-z]{1,9}\\d){1,99}){1,99}){1,99}\nvalue: 1\n")
    p = run("extract", "--rules", os.path.join(d, "rules"), write("x.txt", GOOD.encode()))
    err = p.stderr.decode(errors="replace")
    expect(p.returncode == 2, f"a rule over the RE2 budget: exit 2, got {p.returncode}")
    expect("money.rules:2" in err and ("budget" in err or "too large" in err or "compile" in err),
           f"the load error names file:line and the budget: {err.strip()[:300]}")

    with open(os.path.join(rules, "money.rules"), "w") as fh:
        # Exponential for a backtracking engine on a long run of 'a' with no match; linear for RE2.
        fh.write("rule: nested\npattern: (?P<v>(?:a+)+)\\$x\nvalue: v\n")
    long_a = ("a" * 1_000_000 + " Meta paid $5 billion.\n").encode()
    p = run("extract", "--rules", os.path.join(d, "rules"), write("aaaa.txt", long_a))
    out = p.stdout.decode(errors="replace").strip().splitlines()
    expect(p.returncode in (0, 1) and len(out) == 1, f"a nested quantifier over 1 MB of 'a': one record, exit {p.returncode}")

finish()
