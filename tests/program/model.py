"""newsdeal model and batch --model: the seed's model, JSON/CSV/DOT output, and
shard models merged by `newsdeal model` equal the model of the whole."""
import csv
import io
import json
import os
import subprocess
import tempfile

from _helpers import NEWSDEAL, SHARED, SOURCE, expect, finish, run

with tempfile.TemporaryDirectory() as d:
    corpus = os.path.join(SOURCE, "corpus")
    whole = os.path.join(d, "whole.jsonl")
    model_from_batch = os.path.join(d, "batch-model.json")
    run("batch", corpus, "-o", whole, "--model", model_from_batch)
    lines = open(whole, encoding="utf-8").read().splitlines()
    expect(len(lines) >= 20, f"only {len(lines)} corpus records")

    # Two shards of records, each folded on its own, then merged.
    half = len(lines) // 2
    for name, part in (("a.jsonl", lines[:half]), ("b.jsonl", lines[half:])):
        open(os.path.join(d, name), "w", encoding="utf-8").write("\n".join(part) + "\n")
    run("model", os.path.join(d, "a.jsonl"), "-o", os.path.join(d, "a.json"), check_rc=0)
    run("model", os.path.join(d, "b.jsonl"), "-o", os.path.join(d, "b.json"), check_rc=0)
    merged = json.loads(run("model", os.path.join(d, "b.json"), os.path.join(d, "a.json"), check_rc=0).stdout)
    full = json.loads(run("model", whole, check_rc=0).stdout)
    expect(merged == full, "the merged shard models differ from the model of the whole")
    expect(json.load(open(model_from_batch)) == full, "batch --model differs from newsdeal model on its output")
    expect(full["schema"] == "newsdeal.allocation/1" and full["allocations"], "the corpus model has no allocations")

    rows = list(csv.DictReader(io.StringIO(run("model", whole, "--format", "csv", check_rc=0).stdout.decode())))
    expect(len({(r["buyer"], r["vendor"]) for r in rows}) == len(full["allocations"]), "CSV rows != allocations")
    dot = run("model", whole, "--format", "dot", check_rc=0).stdout.decode()
    expect(dot.startswith("digraph allocation {") and dot.count("->") == len(full["allocations"]), "DOT edges")

    bad = run("model", os.path.join(d, "missing.jsonl"))
    expect(bad.returncode == 1 and b"missing.jsonl" in bad.stderr, "a missing input is named and fails the run")

seed = os.path.join(SHARED, "seed", "qimuai-3902.txt")
if os.path.exists(seed):
    rec = run("extract", seed, check_rc=0).stdout
    m = json.loads(subprocess.run([NEWSDEAL, "model", "-"], input=rec, capture_output=True).stdout)
    meta = next(b for b in m["buyers"] if b["buyer"] == "meta")
    vendors = {v["vendor"]: v for v in meta["vendors"]}
    expect(set(vendors) == {"amazon", "nvidia", "amd", "google", "broadcom"}, f"Meta's vendors: {sorted(vendors)}")
    expect(vendors.get("amazon", {}).get("products") == ["graviton5"] and vendors["amazon"]["kinds"] == ["cpu"],
           f"Meta <- Amazon: {vendors.get('amazon')}")
    amazon = next(v for v in m["vendors"] if v["vendor"] == "amazon")
    expect({c["buyer"] for c in amazon["customers"]} == {"meta", "anthropic", "openai"},
           f"Amazon's customers: {amazon['customers']}")
finish()
