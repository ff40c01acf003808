"""Shared by the Python tests: the built package (PYTHONPATH=<build>/python, as
ctest sets it) and the newsdeal program to compare with (env NEWSDEAL, else
<build>/newsdeal beside the package)."""
import json
import os
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # _dump.py


def _program():
    path = os.environ.get("NEWSDEAL")
    if not path:
        import newsdeal
        build = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(newsdeal.__file__))))
        path = os.path.join(build, "newsdeal")
    return path


@pytest.fixture(scope="session")
def newsdeal_cli():
    """Runs the newsdeal program: cli("batch", ...) -> CompletedProcess."""
    path = _program()
    if not os.access(path, os.X_OK):
        pytest.skip(f"the newsdeal program is not built at {path} (set NEWSDEAL)")

    def run(*args, check_rc=None):
        p = subprocess.run([path, *map(str, args)], capture_output=True)
        if check_rc is not None:
            assert p.returncode == check_rc, f"newsdeal {' '.join(map(str, args))}: exit {p.returncode}\n" \
                                             f"{p.stderr.decode(errors='replace')}"
        return p

    return run


@pytest.fixture(scope="session")
def pipeline():
    import newsdeal
    return newsdeal.Pipeline()


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture
def reference(newsdeal_cli, tmp_path):
    """`newsdeal batch --model` on the inputs: (lines, model text)."""

    def run(inputs, *extra):
        out, model = tmp_path / "reference.jsonl", tmp_path / "reference-model.json"
        p = newsdeal_cli("batch", *inputs, "-o", out, "--model", model, "-q", *extra)
        assert p.returncode in (0, 1), p.stderr.decode(errors="replace")
        return out.read_text(encoding="utf-8").splitlines(), model.read_text(encoding="utf-8")

    return run


def run_dask(*args, timeout=120):
    """python3 -m newsdeal.dask with this interpreter and environment."""
    return subprocess.run([sys.executable, "-m", "newsdeal.dask", *map(str, args)], capture_output=True,
                          timeout=timeout)
