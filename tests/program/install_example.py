"""The installed package: `cmake --install` of this build into a temporary prefix
gives the headers (every project header they include among them), libnewsdeal.so
and .a, newsdealConfig.cmake and newsdeal.pc; examples/ingest_job, copied out of
the tree, builds against it with find_package (shared and static) and with
pkg-config, and each build folds a JSONL dump into the same model as
`newsdeal batch --model`."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _helpers import NEWSDEAL, SKIP, SOURCE, expect, fail, finish, run  # noqa: E402

BUILD = os.path.dirname(os.path.abspath(NEWSDEAL))
if not os.path.exists(os.path.join(BUILD, "CMakeCache.txt")):
    print(f"SKIPPED: {BUILD} is not a CMake build folder")
    sys.exit(SKIP)
if "NEWSDEAL_SANITIZE:BOOL=ON" in open(os.path.join(BUILD, "CMakeCache.txt")).read():
    # A program linking the sanitized library would need the sanitizer runtime first.
    print("SKIPPED: a sanitizer build is not installed for other programs")
    sys.exit(SKIP)
for tool in ("cmake", "c++", "pkg-config"):
    if not shutil.which(tool):
        print(f"SKIPPED: no {tool}")
        sys.exit(SKIP)


def sh(*cmd, env=None, ok=True):
    p = subprocess.run(cmd, capture_output=True, env=env, timeout=600)
    if ok and p.returncode != 0:
        fail(f"{' '.join(cmd)}: exit {p.returncode}\n{p.stdout.decode()[-2000:]}\n{p.stderr.decode()[-2000:]}")
    return p


with tempfile.TemporaryDirectory() as tmp:
    prefix = os.path.join(tmp, "prefix")
    if sh("cmake", "--install", BUILD, "--prefix", prefix).returncode != 0:
        finish()
    for rel in ("bin/newsdeal", "include/newsdeal/pipeline/pipeline.h", "include/newsdeal/pipeline/model.h",
                "include/newsdeal/pipeline/record.h", "include/newsdeal/pipeline/article.h",
                "lib/libnewsdeal.a", "lib/libnewsdeal.so", "lib/cmake/newsdeal/newsdealConfig.cmake",
                "lib/cmake/newsdeal/newsdealConfigVersion.cmake", "lib/pkgconfig/newsdeal.pc"):
        expect(os.path.exists(os.path.join(prefix, rel)), f"installed {rel}")

    # Self-consistent: every project header an installed header includes is installed too
    inc = os.path.join(prefix, "include", "newsdeal")
    headers = [os.path.relpath(os.path.join(d, f), inc) for d, _, fs in os.walk(inc) for f in fs]
    for h in headers:
        for target in re.findall(r'^#include "([^"]+)"', open(os.path.join(inc, h)).read(), re.M):
            expect(os.path.exists(os.path.join(inc, target)), f"{h} includes {target}, which is not installed")
    expect(not any(h.startswith("pipeline/serve/") or h.startswith("pipeline/cli/") for h in headers),
           "internal headers stay out")

    # The job's input: corpus dumps, and one of our own with a bad line
    dump = os.path.join(tmp, "dump.jsonl")
    with open(dump, "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "own-1", "published": "2026-03-01", "text":
                             "Anthropic agreed to rent Nvidia GPUs from Microsoft in a deal worth $5 billion."}) + "\n")
        fh.write('{"id": "own-broken", "text": \n')
    inputs = [os.path.join(SOURCE, "corpus", "wire-compute-deals.jsonl"),
              os.path.join(SOURCE, "corpus", "wire-mixed-articles.jsonl"), dump]
    model_path = os.path.join(tmp, "model.json")
    run("batch", *inputs, "-o", os.path.join(tmp, "out.jsonl"), "--model", model_path)
    expected = json.load(open(model_path))
    expect(expected["articles"] == 9 and expected["allocations"], f"reference model: {expected['articles']} articles")

    def check_job(binary, label, env=None):
        p = sh(binary, "--threads", "3", *inputs, env=env, ok=False)
        expect(p.returncode == 1, f"{label}: exit {p.returncode} (1: one line was bad); {p.stderr.decode()}")
        expect(b"10 articles: 9 records, 1 errors" in p.stderr, f"{label}: summary {p.stderr.decode()!r}")
        try:
            got = json.loads(p.stdout)
        except ValueError:
            fail(f"{label}: stdout is not a model: {p.stdout[:300]!r}")
            return
        expect(got == expected, f"{label}: the model differs from newsdeal batch --model")

    # A clean copy of the example, as a user would have it
    src = os.path.join(tmp, "ingest_job")
    shutil.copytree(os.path.join(SOURCE, "examples", "ingest_job"), src)
    gen = ["-G", "Ninja"] if shutil.which("ninja") else []
    for label, extra in (("find_package, shared", []), ("find_package, static", ["-DINGEST_STATIC=ON"])):
        build = os.path.join(tmp, "build-" + label.split()[-1])
        if sh("cmake", "-S", src, "-B", build, *gen, f"-DCMAKE_PREFIX_PATH={prefix}", *extra).returncode != 0:
            continue
        if sh("cmake", "--build", build).returncode != 0:
            continue
        binary = os.path.join(build, "ingest_job")
        linked = sh("ldd", binary).stdout.decode()
        expect(("libnewsdeal.so" in linked) == (label.endswith("shared")), f"{label}: ldd {linked}")
        check_job(binary, label)

    # pkg-config
    env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(prefix, "lib", "pkgconfig"))
    flags = sh("pkg-config", "--cflags", "--libs", "newsdeal", env=env).stdout.decode().split()
    expect(f"-I{os.path.realpath(inc)}" in [f"-I{os.path.realpath(f[2:])}" for f in flags if f.startswith("-I")],
           f"pkg-config --cflags names the installed headers: {flags}")
    binary = os.path.join(tmp, "ingest_job_pc")
    if sh("c++", "-std=c++20", "-O1", os.path.join(src, "ingest_job.cpp"), "-o", binary, *flags,
          "-pthread").returncode == 0:
        check_job(binary, "pkg-config", env=dict(os.environ, LD_LIBRARY_PATH=os.path.join(prefix, "lib")))

    p = sh(os.path.join(prefix, "bin", "newsdeal"), "--version")
    expect(b"newsdeal" in p.stdout, f"installed newsdeal --version: {p.stdout!r}")

finish("installed package builds and runs the example")
