"""Progress: on a terminal, newsdeal batch redraws one line on stderr with
articles, MB, articles/s, MB/s, errors and (the input size being known) an ETA;
with -q, or when stderr is a file or pipe, there is no progress line, only the
summary, which gives records, errors by stage, deals and the elapsed time."""
import os
import pty
import re
import subprocess
import tempfile

from _batch import gen_dump
from _helpers import NEWSDEAL, expect, finish

PROGRESS = re.compile(r"\r(\d+) articles, [\d.]+ MB, \d+ articles/s, [\d.]+ MB/s, \d+ errors?, \d+%, ETA [\d:]+")


def on_terminal(*args):
    """Runs newsdeal with stderr on a pseudo-terminal; returns what it printed there."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([NEWSDEAL, *args], stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        out += chunk
    proc.wait()
    os.close(leader)
    return proc.returncode, out.decode("utf-8", "replace")


with tempfile.TemporaryDirectory() as d:
    dump = gen_dump(os.path.join(d, "dump.jsonl"), mb=1.0, seed=8, bad=0.02)
    out = os.path.join(d, "out.jsonl")
    rc, tty = on_terminal("batch", dump, "-o", out, "-j", "2")
    draws = PROGRESS.findall(tty)
    expect(rc == 1, f"exit {rc} (the dump has bad lines)")
    expect(len(draws) >= 1, f"no progress line on the terminal: {tty[:500]!r}")
    total = sum(1 for _ in open(out, "rb"))
    expect(draws and int(draws[-1]) == total, f"the last progress line says {draws[-1:]} articles, the output has {total}")
    summary = re.search(r"newsdeal: (\d+) articles: (\d+) records, (\d+) errors \((.*?)\); (\d+) entities, "
                        r"(\d+) deals; [\d.]+ MB in [\d.]+ s", tty)
    expect(summary is not None and int(summary[1]) == total, f"no summary after the progress: {tty[-400:]!r}")

    rc, tty = on_terminal("batch", dump, "-o", out, "-q")
    expect("articles/s" not in tty, f"-q still shows progress: {tty[:300]!r}")

    p = subprocess.run([NEWSDEAL, "batch", dump, "-o", out], capture_output=True)
    stderr = p.stderr.decode()
    expect("articles/s" not in stderr and "\r" not in stderr, f"progress on a pipe: {stderr[:300]!r}")
    expect(re.search(r"\d+ articles: \d+ records, \d+ errors \([a-z]+ \d+(?:, [a-z]+ \d+)*\); \d+ entities, \d+ deals; [\d.]+ MB in "
                     r"[\d.]+ s; written to ", stderr), f"summary on a pipe: {stderr!r}")
finish()
