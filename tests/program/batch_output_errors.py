"""A failing output is an error, never silent loss: writing to a full disk
(/dev/full) stops the batch with a message naming the output and the reason, and
exit status 3; an output that cannot be created and bad options are usage errors
(status 2) that touch nothing."""
import os
import subprocess
import tempfile

from _helpers import NEWSDEAL, SOURCE, expect, finish, run

corpus = os.path.join(SOURCE, "corpus")
if not os.path.exists("/dev/full"):
    print("SKIPPED: no /dev/full on this system")
    raise SystemExit(77)

p = run("batch", corpus, "-o", "/dev/full")
stderr = p.stderr.decode()
expect(p.returncode == 3, f"-o /dev/full: exit {p.returncode}, expected 3")
expect("writing /dev/full failed: No space left on device" in stderr, f"-o /dev/full: message {stderr!r}")

with open("/dev/full", "wb") as full:
    p = subprocess.run([NEWSDEAL, "batch", corpus, "-j", "2"], stdout=full, stderr=subprocess.PIPE)
stderr = p.stderr.decode()
expect(p.returncode == 3 and "writing stdout failed: No space left on device" in stderr,
       f"stdout on /dev/full: exit {p.returncode}, {stderr!r}")

with tempfile.TemporaryDirectory() as d:
    p = run("batch", corpus, "-o", os.path.join(d, "no", "such", "folder", "out.jsonl"))
    expect(p.returncode == 2 and b"cannot write" in p.stderr and b"out.jsonl" in p.stderr,
           f"an output in a missing folder: exit {p.returncode}, {p.stderr!r}")
    kept = os.path.join(d, "kept.jsonl")
    open(kept, "w").write("precious\n")
    for args in (["-j", "0"], ["--shard", "2/2"]):
        p = run("batch", corpus, "-o", kept, *args)
        expect(p.returncode == 2, f"{args}: exit {p.returncode}, expected 2")
        expect(open(kept).read() == "precious\n", f"{args}: a usage error emptied the output")
finish()
