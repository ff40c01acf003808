"""SIGINT and SIGTERM stop a batch cleanly: no more articles are taken, the ones in
flight are written, every line of the output is complete JSON and the first lines
of an uninterrupted run, the exit status is 128 + the signal with a message, and
--resume then completes the output to exactly the uninterrupted run's."""
import os
import signal
import subprocess
import tempfile
import time

from _batch import all_json, complete_lines, gen_dump
from _helpers import NEWSDEAL, expect, finish

with tempfile.TemporaryDirectory() as d:
    dump = gen_dump(os.path.join(d, "dump.jsonl"), mb=0.8, seed=5, bad=0.02)
    data = open(dump, "rb").read()
    want = subprocess.run([NEWSDEAL, "batch", "-", "-j", "2"], input=data, capture_output=True).stdout
    want_lines = want.split(b"\n")[:-1]
    lines = data.split(b"\n")[:-1]

    for sig, name in ((signal.SIGINT, "SIGINT"), (signal.SIGTERM, "SIGTERM")):
        # Fed through stdin and then left waiting, the run is surely mid-way when
        # the signal comes.
        out = os.path.join(d, f"{name}.jsonl")
        fed = len(lines) // 2
        proc = subprocess.Popen([NEWSDEAL, "batch", "-", "-o", out, "-j", "2"], stdin=subprocess.PIPE,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        proc.stdin.write(b"\n".join(lines[:fed]) + b"\n")
        proc.stdin.flush()
        time.sleep(1.5)
        proc.send_signal(sig)
        try:
            _, stderr = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, stderr = proc.communicate()
            expect(False, f"{name}: the run did not stop within 30 s of the signal")
        stderr = stderr.decode("utf-8", "replace")
        expect(proc.returncode == 128 + sig, f"{name}: exit {proc.returncode}, expected {128 + sig}")
        expect(f"stopped by {name}" in stderr and "--resume" in stderr, f"{name}: message: {stderr!r}")
        got = open(out, "rb").read()
        expect(got.endswith(b"\n") or got == b"", f"{name}: the output ends in a torn line")
        kept = complete_lines(out)
        print(f"{name}: {len(kept)} lines written of {fed} articles fed")
        expect(0 < len(kept) <= fed, f"{name}: {len(kept)} lines after feeding {fed} articles")
        expect(all_json(kept), f"{name}: a line of the stopped run is not JSON")
        expect(kept == want_lines[:len(kept)], f"{name}: the lines written are not the first lines of the whole run")

        p = subprocess.run([NEWSDEAL, "batch", "-", "-o", out, "-j", "2", "--resume"], input=data,
                           capture_output=True)
        expect(open(out, "rb").read() == want, f"{name}: --resume after the signal differs from the whole run")
finish()
