"""gzip and zstd are read transparently for every input type (by magic bytes,
also on stdin, multi-member gzip too) and give the same records as the plain
files; a gzip bomb stops at --max-article-bytes; a truncated or corrupt .gz is
one error record naming the file and the compressed offset, after the records
read before the damage, and the batch goes on with the next input."""
import gzip
import json
import os
import re
import shutil
import subprocess
import tempfile
import zlib

from _helpers import batch, expect, finish, records, run
from _sources import DATA, fixture, html_page, write

ZH = fixture("zh-article.txt")
lines = [json.dumps({"id": f"w{i}", "text": f"Nvidia signed deal number {i} with Microsoft worth ${i} billion."})
         for i in range(1, 41)]
JSONL = ("\n".join(lines) + "\n").encode()


def strip_path(recs):
    """Records without the input's path, which differs by the .gz."""
    for r in recs:
        r["source"].pop("path", None)
        if "error" in r:
            r["error"] = re.sub(r"^\S+: ", "", r["error"])
    return recs


with tempfile.TemporaryDirectory() as d:
    plain = {
        "a.txt": ZH.encode(),
        "b.html": html_page(ZH, meta="gbk").encode("gbk"),
        "c.jsonl": JSONL,
        "d.rss": open(os.path.join(DATA, "feed-rss2.rss"), "rb").read(),
    }
    pdir = os.path.join(d, "plain")
    zdir = os.path.join(d, "gz")
    os.mkdir(pdir)
    os.mkdir(zdir)
    for name, data in plain.items():
        write(pdir, name, data)
        # Multi-member: each half its own gzip member, as `cat a.gz b.gz` makes.
        half = len(data) // 2
        write(zdir, name + ".gz", gzip.compress(data[:half]) + gzip.compress(data[half:]))
    want, _ = batch(pdir, extra=("--with-text",))
    got, _ = batch(zdir, extra=("--with-text",))
    expect(len(want) == 1 + 1 + 40 + 3, f"plain folder: {len(want)} records")
    got, want = strip_path(got), strip_path(want)
    diff = [(a["id"], b["id"]) for a, b in zip(got, want) if a != b]
    expect(len(got) == len(want) and not diff, f"records from .gz files differ from the plain files' ones: {diff[:3]}")

    # gzip on stdin, recognized by its magic bytes.
    p = run("extract", "--with-text", "-", stdin=gzip.compress(ZH.encode()))
    r = records(p.stdout)
    expect(len(r) == 1 and r[0].get("text", "").startswith(ZH.splitlines()[0]), f"gzip on stdin: {str(r)[:200]}")

    # zstd (multi-frame) when the zstd program is there; the C++ tests always cover it.
    if shutil.which("zstd"):
        a = write(d, "part1.jsonl", JSONL[: len(JSONL) // 2])
        b = write(d, "part2.jsonl", JSONL[len(JSONL) // 2:])
        for f in (a, b):
            subprocess.run(["zstd", "-q", "-f", f, "-o", f + ".zst"], check=True)
        with open(os.path.join(d, "dump.jsonl.zst"), "wb") as out:
            out.write(open(a + ".zst", "rb").read() + open(b + ".zst", "rb").read())
        zrecs, _ = batch(os.path.join(d, "dump.jsonl.zst"))
        expect([r["id"] for r in zrecs] == [f"w{i}" for i in range(1, 41)],
               f"dump.jsonl.zst: ids {[r['id'] for r in zrecs][:5]}...")
    else:
        print("note: no zstd program; .zst is covered by the C++ tests")

    # A gzip bomb: 256 MiB of zeros in about 250 KB. It stops at the limit.
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1 << 20)
    bomb = b"".join(comp.compress(zeros) for _ in range(256)) + comp.flush()
    bomb_path = write(d, "bomb.txt.gz", bomb)
    recs, proc = batch(bomb_path, extra=("--max-article-bytes", "1048576"))
    expect(len(recs) == 1 and recs[0]["stage"] == "read" and
           re.search(r"bomb\.txt\.gz: article is over 1048576 bytes decompressed.*stopped reading there",
                     recs[0]["error"]) is not None, f"gzip bomb: {str(recs)[:300]}")

    # Truncated and corrupt gzip: the lines before the damage, one error naming the
    # file and offset, then the next input.
    gz = gzip.compress(JSONL)
    cut = write(d, "cut.jsonl.gz", gz[: len(gz) * 2 // 3])
    bad = bytearray(gzip.compress(ZH.encode() * 20))
    bad[len(bad) // 2: len(bad) // 2 + 8] = b"\xff" * 8
    corrupt = write(d, "corrupt.txt.gz", bytes(bad))
    good = write(d, "good.txt", "Microsoft agreed to buy Nvidia chips.\n")
    recs, proc = batch(cut, corrupt, good)
    ids = [r["id"] for r in recs]
    expect(proc.returncode == 1, f"exit {proc.returncode}, expected 1")
    expect(len(ids) >= 3 and ids[-1] == "good" and ids[-2] == "corrupt" and ids[-3] == "cut",
           f"truncated/corrupt: ids {ids}")
    n_ok = len(ids) - 3
    expect(0 < n_ok < 40 and ids[:n_ok] == [f"w{i}" for i in range(1, n_ok + 1)],
           f"cut.jsonl.gz: {n_ok} lines before the cut, in order: {ids[:n_ok]}")
    by = {r["id"]: r for r in recs}
    expect(re.search(r"cut\.jsonl\.gz: truncated gzip data: the input ends inside a compressed member "
                     r"\(at compressed byte \d+, after \d+ decompressed bytes\)", by["cut"].get("error", "")),
           f"cut: {by['cut'].get('error')}")
    expect(re.search(r"corrupt\.txt\.gz: corrupt gzip data at compressed byte \d+: ", by["corrupt"].get("error", "")),
           f"corrupt: {by['corrupt'].get('error')}")
    expect(by["good"]["schema"] == "newsdeal.article/1", "the input after the damaged ones got no record")

    # Folder walks take compressed article files, not other compressed files.
    write(zdir, "notes.md.gz", gzip.compress(b"# not an article\n"))
    walk, _ = batch(zdir)
    expect(len(walk) == len(want), f"folder walk with notes.md.gz: {len(walk)} records, expected {len(want)}")
finish()
