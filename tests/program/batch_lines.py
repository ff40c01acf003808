"""newsdeal batch writes exactly one line per input article, in input order, with
the article's id, whatever the number of threads: a dump mixing good articles with
bad JSON, invalid UTF-8, missing text and an oversized line, plus a folder of good
and bad files, gives byte-identical output at -j1, -j2 and -j4."""
import json
import os
import re
import tempfile

from _batch import article_ids, gen_dump
from _helpers import expect, finish, run

LIMIT = 200_000  # --max-article-bytes, so an oversized line stays cheap

with tempfile.TemporaryDirectory() as d:
    dump = gen_dump(os.path.join(d, "dump.jsonl"), mb=0.6, seed=3, bad=0.05)
    extra = os.path.join(d, "extra.jsonl")
    with open(extra, "wb") as fh:
        fh.write(json.dumps({"id": "ok-1", "text": "Nvidia signed a deal with Microsoft."}).encode() + b"\n")
        fh.write(b"\n")  # blank: no article
        fh.write(json.dumps({"id": "too-big", "text": "x" * (LIMIT + 10)}).encode() + b"\n")
        fh.write(b'{"id": "torn", "text": "cut sh\n')
        fh.write(json.dumps({"id": "html-1", "html": "<p>AMD and <b>OpenAI</b> sign</p>"}).encode() + b"\n")
        fh.write('{"id": "bad-utf8", "text": "英伟达'.encode() + b"\xe4\xb8" + b'"}\n')
    folder = os.path.join(d, "files")
    os.mkdir(folder)
    for name, data in [("a-good.txt", "英伟达与微软签署协议。\n".encode()), ("b-empty.txt", b""),
                       ("c-binary.txt", bytes(range(256))), ("d-bad-utf8.txt", b"Meta \xff\xfe signs\n")]:
        open(os.path.join(folder, name), "wb").write(data)

    want_ids = article_ids(dump, LIMIT) + article_ids(extra, LIMIT) + ["a-good", "b-empty", "c-binary", "d-bad-utf8"]
    outputs = {}
    for jobs in (1, 2, 4):
        out = os.path.join(d, f"out-j{jobs}.jsonl")
        p = run("batch", dump, extra, folder, "-o", out, "-j", str(jobs), "--max-article-bytes", str(LIMIT))
        expect(p.returncode == 1, f"-j{jobs}: exit {p.returncode}, expected 1 (some articles are bad)")
        data = open(out, "rb").read()
        outputs[jobs] = data
        lines = data.split(b"\n")
        expect(lines[-1] == b"", f"-j{jobs}: the output does not end with a newline")
        recs = [json.loads(line) for line in lines[:-1]]
        got_ids = [r["id"] for r in recs]
        expect(len(recs) == len(want_ids), f"-j{jobs}: {len(recs)} lines for {len(want_ids)} articles")
        first_diff = next((i for i, (a, b) in enumerate(zip(got_ids, want_ids)) if a != b), None)
        expect(first_diff is None, f"-j{jobs}: line {first_diff}: id {got_ids[first_diff] if first_diff is not None else ''} "
                                   f"where the input has {want_ids[first_diff] if first_diff is not None else ''}")
        errors = [r for r in recs if r["schema"] == "newsdeal.error/1"]
        stages = {r["id"]: r["stage"] for r in errors}
        expect(stages.get("too-big") is None and stages.get("extra:3") == "read",
               f"-j{jobs}: the oversized line is a read error under its line id: {stages.get('extra:3')}")
        expect(stages.get("extra:4") == "parse", f"-j{jobs}: the torn JSON line: {stages.get('extra:4')}")
        expect(stages.get("bad-utf8") == "decode",
               f"-j{jobs}: the line with invalid UTF-8, a decode error under its id: {stages.get('bad-utf8')}")
        # (a file that is not UTF-8 may be decoded from a legacy charset: it is
        # the JSONL line above that must stay invalid UTF-8)
        expect(stages.get("c-binary") == "decode", f"-j{jobs}: the binary file: {stages.get('c-binary')}")
        expect(len(errors) >= 10, f"-j{jobs}: only {len(errors)} error records; the dump has bad lines")
        expect(len(recs) - len(errors) >= 200, f"-j{jobs}: only {len(recs) - len(errors)} records")
        stderr = p.stderr.decode("utf-8", "replace")
        m = re.search(r"(\d+) articles: (\d+) records, (\d+) errors", stderr)
        expect(m is not None and int(m[1]) == len(recs) == int(m[2]) + int(m[3]),
               f"-j{jobs}: the summary does not add up: {stderr.strip()}")
    expect(outputs[1] == outputs[2] == outputs[4], "the output differs between -j1, -j2 and -j4")

    # stdout, and a dump given twice: order follows the inputs, ids repeat as given
    p = run("batch", extra, extra, "-j", "2", "--max-article-bytes", str(LIMIT))
    ids = [json.loads(line)["id"] for line in p.stdout.decode().splitlines()]
    expect(ids == article_ids(extra, LIMIT) * 2, f"stdout output: {ids}")
finish()
