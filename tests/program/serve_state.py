"""`newsdeal serve --state FILE`: the model of everything processed is on disk
before the answer, survives a restart after SIGTERM and after SIGKILL, equals
`newsdeal model` of the same records, and a bad state file stops the start with
the file named."""
import glob
import json
import os
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _helpers import NEWSDEAL, SOURCE, expect, finish, run  # noqa: E402
from _serve import Server, wait_until  # noqa: E402

corpus = os.path.join(SOURCE, "corpus")
texts = sorted(glob.glob(os.path.join(corpus, "*.txt")))
dump = os.path.join(corpus, "wire-compute-deals.jsonl")

with tempfile.TemporaryDirectory() as tmp:
    state = os.path.join(tmp, "state.json")

    # The model `newsdeal model` makes of the same articles' records
    records = os.path.join(tmp, "records.jsonl")
    with open(records, "wb") as fh:
        fh.write(run("extract", *texts, dump).stdout)
    expected = json.loads(run("model", records, "-o", "-", check_rc=0).stdout)
    expect(expected.get("allocations"), "the corpus gives allocations")

    with Server("--state", state, "--state-interval", "0", "--threads", "2") as srv:
        for path in texts:
            stem = os.path.splitext(os.path.basename(path))[0]
            status, _, _ = srv.request("POST", f"/v1/extract?id={stem}", open(path, "rb").read(),
                                       {"Content-Type": "text/plain"})
            expect(status == 200, f"extract {stem}: {status}")
        status, _, _ = srv.request("POST", "/v1/batch", open(dump, "rb").read())
        expect(status == 200, f"batch: {status}")
        status, _, model = srv.json("GET", "/v1/model")
        expect(model == expected, "the served model equals `newsdeal model` of the same records")
        # Answered means saved: the file already holds it, with the server still up
        expect(json.load(open(state)) == model, "the state file holds the model before the server stops")
        # A crash: nothing answered is lost
        expect(srv.stop(signal.SIGKILL) == -signal.SIGKILL, "killed")

    # The default: saved within --state-interval, and at the stop
    with Server("--state", state, "--state-interval", "0.2") as srv:
        status, _, rec = srv.json("POST", "/v1/extract?id=interval",
                                  b"xAI agreed to rent Nvidia GPUs from Oracle for $2 billion.",
                                  {"Content-Type": "text/plain"})
        expect(status == 200, f"interval mode: {status}")
        wait_until(lambda: json.load(open(state)).get("articles") == expected["articles"] + 1,
                   "the interval save")
        status, _, saved = srv.json("GET", "/v1/model")
        srv.stop(signal.SIGKILL)

    with Server("--state", state) as srv:
        status, _, after_crash = srv.json("GET", "/v1/model")
        expect(after_crash == saved, "a restart after SIGKILL keeps the model as last saved")
        expected = after_crash
        status, _, rec = srv.json("POST", "/v1/extract?id=extra",
                                  b"Anthropic agreed to rent Nvidia GPUs from Microsoft for $5 billion.",
                                  {"Content-Type": "text/plain"})
        expect(status == 200 and rec.get("deals"), f"one more article: {status} {rec.get('deals')}")
        status, _, grown = srv.json("GET", "/v1/model")
        expect(grown["articles"] == expected["articles"] + 1, f"articles {grown['articles']}")
        expect(srv.stop() == 0, "exit 0 after SIGTERM")

    # A half-written temporary file (a crash mid-write) does not matter: the state
    # file itself is whole.
    with open(state + ".tmp", "w") as fh:
        fh.write('{"schema": "newsdeal.allocation/1", "allocat')
    with Server("--state", state) as srv:
        status, _, again = srv.json("GET", "/v1/model")
        expect(again == grown, "a restart after SIGTERM keeps the model, whatever the .tmp file holds")
        expect(srv.stop() == 0, "exit 0 after SIGTERM")

    # A state file that is not a model: no start, the file named
    bad = os.path.join(tmp, "bad.json")
    with open(bad, "w") as fh:
        fh.write("[1, 2, 3]\n")
    p = subprocess.run([NEWSDEAL, "serve", "--port", "0", "--state", bad], capture_output=True, timeout=60)
    err = p.stderr.decode()
    expect(p.returncode == 2 and bad in err and "newsdeal.allocation/1" in err,
           f"bad state: exit {p.returncode}, stderr {err!r}")
    expect(open(bad).read() == "[1, 2, 3]\n", "a bad state file is left alone")

    # A state file that cannot be written: the record comes back with a 500 saying so
    unwritable = os.path.join(tmp, "no", "such", "folder", "state.json")
    with Server("--state", unwritable, "--state-interval", "0") as srv:
        status, _, body = srv.json("POST", "/v1/extract?id=x", b"Oracle agreed to supply OpenAI.",
                                   {"Content-Type": "text/plain"})
        expect(status == 500 and body.get("error") == "state_not_saved" and unwritable in body.get("message", ""),
               f"unwritable state: {status} {body.get('error')} {body.get('message')}")
        expect(body.get("record", {}).get("id") == "x", "the record is in the 500 answer")
        m = srv.metrics()
        expect(m.get('newsdeal_state_writes_total{result="error"}', 0) >= 1, "failed writes counted")
        srv.stop()
    with Server("--state", unwritable) as srv:  # interval mode: nobody waits, stderr says it
        status, _, body = srv.json("POST", "/v1/extract?id=y", b"Oracle agreed to supply OpenAI.",
                                   {"Content-Type": "text/plain"})
        expect(status == 200, f"interval mode answers: {status}")
        srv.stop()
        expect("the model could not be saved" in srv.stderr() and unwritable in srv.stderr(),
               f"interval mode: a failed save on stderr: {srv.stderr()}")

finish("serve state")
