"""--resume: a run killed at a random point (SIGKILL, no chance to clean up) and
resumed gives byte for byte the output of an uninterrupted run; so does an output
whose last line was torn mid-write; the model folded over a resumed run equals
the whole run's; resuming a complete output adds nothing; resuming with other
inputs is refused."""
import json
import os
import random
import shutil
import signal
import subprocess
import tempfile
import time

from _batch import all_json, complete_lines, gen_dump, start, wait_for_output
from _helpers import NEWSDEAL, expect, finish, run

seed = int(os.environ.get("BATCH_TEST_SEED", random.randrange(1 << 30)))
rng = random.Random(seed)
print(f"random seed {seed} (set BATCH_TEST_SEED to repeat)")

with tempfile.TemporaryDirectory() as d:
    dump = gen_dump(os.path.join(d, "dump.jsonl"), mb=1.5, seed=11, bad=0.02)
    ref = os.path.join(d, "ref.jsonl")
    ref_model = os.path.join(d, "ref-model.json")
    run("batch", dump, "-o", ref, "-j", "2", "--model", ref_model)
    want = open(ref, "rb").read()
    total = want.count(b"\n")
    expect(total > 500, f"only {total} articles in the reference run")

    # 1. SIGKILL at a random moment of a run over a file, then --resume.
    for attempt in range(2):
        part = os.path.join(d, f"killed-{attempt}.jsonl")
        proc = start("batch", dump, "-o", part, "-j", "2")
        wait_for_output(proc, part)
        time.sleep(rng.uniform(0, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kept = complete_lines(part)
        print(f"kill {attempt}: {len(kept)} of {total} lines were complete"
              + (" (the run had already finished)" if proc.returncode == 0 else ""))
        expect(all_json(kept), f"kill {attempt}: a complete line of the killed run is not JSON")
        p = run("batch", dump, "-o", part, "-j", "2", "--resume")
        expect(p.returncode in (0, 1), f"kill {attempt}: resume exit {p.returncode}: {p.stderr.decode()}")
        expect(open(part, "rb").read() == want, f"kill {attempt}: the resumed output differs from the uninterrupted one")

    # 2. SIGKILL after a random number of articles fed through stdin: the run is
    # surely in the middle, waiting for more input.
    lines = open(dump, "rb").read().split(b"\n")[:-1]
    k = rng.randrange(100, len(lines) - 100)
    part = os.path.join(d, "killed-stdin.jsonl")
    proc = subprocess.Popen([NEWSDEAL, "batch", "-", "-o", part, "-j", "2"], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proc.stdin.write(b"\n".join(lines[:k]) + b"\n")
    proc.stdin.flush()
    time.sleep(1.5)
    expect(proc.poll() is None, "the run fed through stdin ended before its input did")
    proc.kill()
    proc.wait()
    proc.stdin.close()
    kept = complete_lines(part)
    print(f"stdin kill after {k} articles fed: {len(kept)} lines complete")
    expect(len(kept) <= k and all_json(kept), "the killed stdin run wrote lines for articles it was not given")
    # stdin ids are <stem>:<line>, with stem "stdin": same as the reference only for
    # lines with an id; compare with a reference made from stdin too.
    stdin_ref = subprocess.run([NEWSDEAL, "batch", "-", "-j", "2"], input=open(dump, "rb").read(),
                               capture_output=True).stdout
    p = subprocess.run([NEWSDEAL, "batch", "-", "-o", part, "-j", "2", "--resume"], input=open(dump, "rb").read(),
                       capture_output=True)
    expect(open(part, "rb").read() == stdin_ref, "the resumed stdin run differs from the uninterrupted one")

    # 3. A torn last line (the disk filled, the machine died mid-write) is cut and redone.
    torn = os.path.join(d, "torn.jsonl")
    cut = rng.randrange(len(want) // 4, 3 * len(want) // 4)
    while want[cut - 1:cut] == b"\n":
        cut += 1
    open(torn, "wb").write(want[:cut])
    p = run("batch", dump, "-o", torn, "--resume", "--model", os.path.join(d, "torn-model.json"))
    stderr = p.stderr.decode()
    expect("torn last line" in stderr, f"the torn line is not reported: {stderr}")
    expect(open(torn, "rb").read() == want, "resuming after a torn line differs from the uninterrupted run")
    expect(json.load(open(os.path.join(d, "torn-model.json"))) == json.load(open(ref_model)),
           "the model of a resumed run differs from the whole run's")

    # 4. Resuming a complete output adds nothing.
    done = os.path.join(d, "done.jsonl")
    shutil.copy(ref, done)
    p = run("batch", dump, "-o", done, "--resume")
    expect(open(done, "rb").read() == want and p.returncode in (0, 1), "resuming a complete output changed it")

    # 5. Another input than the interrupted run's is refused, and the output is left alone.
    other = gen_dump(os.path.join(d, "other.jsonl"), mb=0.1, seed=99)
    shutil.copy(torn, done)
    p = run("batch", other, "-o", done, "--resume")
    expect(p.returncode == 2 and b"cannot resume" in p.stderr,
           f"resuming with other inputs: exit {p.returncode}, {p.stderr.decode()}")
    expect(open(done, "rb").read() == want, "a refused resume changed the output")

    # 6. --resume needs a file.
    p = run("batch", dump, "--resume")
    expect(p.returncode == 2 and b"--resume needs an output file" in p.stderr, f"--resume to stdout: {p.stderr}")
finish()
