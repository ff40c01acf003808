"""Shared by the program tests: run the built `newsdeal`, read its JSONL, skip cleanly.

ctest passes NEWSDEAL (the program), NEWSDEAL_SOURCE_DIR and NEWSDEAL_SHARED_DIR.
A test that needs ../shared calls need_shared() and exits 77 (ctest: skipped) without it.
"""
import json
import os
import subprocess
import sys
import tempfile

NEWSDEAL = os.environ.get("NEWSDEAL", "newsdeal")
SOURCE = os.environ.get("NEWSDEAL_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SHARED = os.environ.get("NEWSDEAL_SHARED_DIR", os.path.join(SOURCE, "..", "shared"))
SKIP = 77

failures = []


def need_shared(rel=""):
    path = os.path.join(SHARED, rel)
    if not os.path.exists(path):
        print(f"SKIPPED: {path} is absent (tests that read ../shared skip in a clone without it)")
        sys.exit(SKIP)
    return path


def run(*args, stdin=None, check_rc=None):
    p = subprocess.run([NEWSDEAL, *args], input=stdin, capture_output=True)
    if check_rc is not None and p.returncode != check_rc:
        fail(f"newsdeal {' '.join(args)}: exit {p.returncode}, expected {check_rc}\nstderr: {p.stderr.decode(errors='replace')}")
    return p


def records(stdout_bytes):
    return [json.loads(line) for line in stdout_bytes.decode("utf-8").splitlines() if line.strip()]


def batch(*inputs, extra=()):
    """Runs `newsdeal batch` into a temp file; returns (records, process)."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "out.jsonl")
        p = run("batch", *inputs, "-o", out, *extra)
        with open(out, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()], p


def expect(cond, message):
    if not cond:
        fail(message)


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def finish(passed_checks_note=""):
    if failures:
        print(f"{len(failures)} failed")
        sys.exit(1)
    print("all checks passed" + (f" ({passed_checks_note})" if passed_checks_note else ""))
    sys.exit(0)
