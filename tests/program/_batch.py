"""Shared by the batch_* program tests: generated dumps, runs in the background,
and reading outputs line by line."""
import codecs
import json
import os
import subprocess
import sys
import time

from _helpers import NEWSDEAL, SOURCE

GEN_DUMP = os.path.join(SOURCE, "tests", "bench", "gen_dump.py")


def gen_dump(path, mb, seed, bad=0.0):
    """A seeded bilingual dump recombined from corpus/ (tests/bench/gen_dump.py)."""
    subprocess.run([sys.executable, GEN_DUMP, "--mb", str(mb), "--seed", str(seed), "--bad", str(bad),
                    "-o", path], check=True, capture_output=True)
    return path


def start(*args, stdin=subprocess.DEVNULL):
    """`newsdeal args...` in the background, stderr captured."""
    return subprocess.Popen([NEWSDEAL, *args], stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def complete_lines(path):
    """The complete ('\\n'-ended) lines of a file, as bytes without the newline."""
    if not os.path.exists(path):
        return []
    data = open(path, "rb").read()
    return data[: data.rfind(b"\n") + 1].split(b"\n")[:-1]


def all_json(lines):
    """Whether every line parses as a JSON object (a torn line would not)."""
    for line in lines:
        try:
            if not isinstance(json.loads(line), dict):
                return False
        except ValueError:
            return False
    return True


def wait_for_output(proc, path, min_bytes=1, timeout=60):
    """Waits until the output holds min_bytes, or the process has ended."""
    end = time.time() + timeout
    while time.time() < end and proc.poll() is None:
        if os.path.exists(path) and os.path.getsize(path) >= min_bytes:
            return True
        time.sleep(0.01)
    return False


codecs.register_error("qmark", lambda e: ("?" * (e.end - e.start), e.end))


def article_ids(jsonl_path, max_bytes=16 << 20):
    """The ids newsdeal gives the lines of a JSONL file, as the reader does: the
    "id" of an object line, else <file stem>:<line number>; blank lines give none."""
    stem = os.path.splitext(os.path.basename(jsonl_path))[0]
    ids = []
    with open(jsonl_path, "rb") as fh:
        for n, raw in enumerate(fh, 1):
            line = raw.rstrip(b"\n").rstrip(b"\r")
            if not line.strip(b" \t\r"):
                continue
            rid = f"{stem}:{n}"
            if len(line) <= max_bytes:
                try:
                    # A line with invalid UTF-8 keeps its id where the rest of it reads
                    # (the reader stands '?' in for each bad byte).
                    obj = json.loads(line.decode("utf-8", "qmark"))
                    if isinstance(obj, dict) and isinstance(obj.get("id"), str) and obj["id"]:
                        rid = obj["id"]
                except ValueError:
                    pass
            ids.append(rid)
    return ids
