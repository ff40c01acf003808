"""Bad input never stops a batch: each bad article becomes an error record naming
what and where, every good one still gets its record, the exit status is 1, and the
summary's counts add up (inputs = records + errors)."""
import gzip
import json
import os
import re
import tempfile

from _helpers import batch, expect, finish

GOOD_EN = "Nvidia signed a deal with Microsoft.\n"
GOOD_ZH = "英伟达与微软签署协议。\n"

with tempfile.TemporaryDirectory() as d:
    def write(name, data):
        path = os.path.join(d, name)
        with open(path, "wb") as fh:
            fh.write(data)
        return path

    files = [
        write("a-good.txt", GOOD_EN.encode()),
        write("b-empty.txt", b""),
        write("c-binary.txt", bytes(range(256)) * 4),
        write("d-bad-utf8.txt", "Meta 签署".encode() + b"\xe4\xb8" + b" rest\n"),
        write("e-huge.txt", b"x" * (50 * 1024 * 1024)),
        write("f-good-zh.txt", GOOD_ZH.encode()),
        write("g-missing.txt", b"")  # removed below: a path that does not exist
    ]
    os.remove(files[-1])
    lines = [
        json.dumps({"id": "j1", "text": GOOD_EN}),
        "{not json",
        json.dumps({"id": "j3", "title": "no text here"}),
        json.dumps(["an", "array"]),
        "",
        json.dumps({"id": "j6", "text": GOOD_ZH}),
        json.dumps({"id": "j7", "text": "x" * (17 * 1024 * 1024)}),
        json.dumps({"id": "j8", "html": "<p>AMD and <b>OpenAI</b></p>"}),
    ]
    files.append(write("h-mixed.jsonl", ("\n".join(lines) + "\n").encode()))

    recs, proc = batch(*files)
    by_id = {r["id"]: r for r in recs}
    stderr = proc.stderr.decode("utf-8", errors="replace")

    expect(proc.returncode == 1, f"exit status {proc.returncode}, expected 1")
    # 7 files given (one missing) + 7 non-blank JSONL lines = 14 articles
    expect(len(recs) == 14, f"{len(recs)} output lines, expected 14: {[r['id'] for r in recs]}")

    def error(rid, stage, pattern):
        r = by_id.get(rid)
        if r is None:
            expect(False, f"no record for {rid}")
            return
        expect(r["schema"] == "newsdeal.error/1", f"{rid}: expected an error record, got {r['schema']}")
        expect(r.get("stage") == stage, f"{rid}: stage {r.get('stage')}, expected {stage}")
        expect(re.search(pattern, r.get("error", "")) is not None, f"{rid}: error {r.get('error')!r} does not match {pattern!r}")

    def good(rid):
        r = by_id.get(rid)
        expect(r is not None and r["schema"] == "newsdeal.article/1", f"{rid}: expected an article record, got {r}")

    good("a-good")
    good("f-good-zh")
    good("j1")
    good("j6")
    good("j8")
    error("b-empty", "read", r"empty")
    error("c-binary", "decode", r"NUL byte at byte 0")
    error("d-bad-utf8", "decode", r"invalid UTF-8 at byte 11")
    error("e-huge", "read", r"52428800 bytes, over the limit")
    error("g-missing", "read", r"no such file")
    error("h-mixed:2", "parse", r"h-mixed\.jsonl:2: not JSON")
    error("j3", "parse", r"h-mixed\.jsonl:3: no \"text\" or \"html\"")
    error("h-mixed:4", "parse", r"h-mixed\.jsonl:4: not a JSON object")
    error("h-mixed:7", "read", r"h-mixed\.jsonl:7: line is \d+ bytes, over the limit")

    m = re.search(r"(\d+) articles: (\d+) records, (\d+) errors", stderr)
    expect(m is not None, f"no summary on stderr: {stderr!r}")
    if m:
        n, ok, bad = map(int, m.groups())
        expect(n == ok + bad == len(recs), f"summary does not add up: {m.group(0)}")
        expect(ok == 5 and bad == 9, f"summary {m.group(0)}, expected 5 records and 9 errors")
finish()
