"""--shard i/N: three shards of one dump hold every article exactly once, each in
input order; their models merged with `newsdeal model` equal the model of the
whole run, and so does the model of their records; bad --shard values are usage
errors."""
import json
import os
import tempfile
from collections import Counter

from _batch import gen_dump
from _helpers import expect, finish, run

N = 3
with tempfile.TemporaryDirectory() as d:
    dump = gen_dump(os.path.join(d, "dump.jsonl"), mb=0.6, seed=21, bad=0.03)
    whole, whole_model = os.path.join(d, "whole.jsonl"), os.path.join(d, "whole-model.json")
    run("batch", dump, "-o", whole, "--model", whole_model)
    whole_lines = open(whole, "rb").read().split(b"\n")[:-1]
    position = {line: i for i, line in enumerate(whole_lines)}

    shard_outputs, shard_models, seen = [], [], Counter()
    for i in range(N):
        out, model = os.path.join(d, f"shard{i}.jsonl"), os.path.join(d, f"shard{i}-model.json")
        p = run("batch", dump, "-o", out, "--model", model, "--shard", f"{i}/{N}", "-j", "2")
        expect(p.returncode in (0, 1), f"shard {i}/{N}: exit {p.returncode}: {p.stderr.decode()}")
        lines = open(out, "rb").read().split(b"\n")[:-1]
        expect(len(lines) > len(whole_lines) / N / 2,
               f"shard {i}/{N} has {len(lines)} of {len(whole_lines)} articles: the hash splits unevenly")
        order = [position.get(line, -1) for line in lines]
        expect(-1 not in order, f"shard {i}/{N} has a line the whole run does not")
        expect(order == sorted(order), f"shard {i}/{N} is not in input order")
        seen.update(lines)
        shard_outputs.append(out)
        shard_models.append(model)
    expect(seen == Counter(whole_lines), "the shards together do not hold each article of the whole exactly once")

    merged = json.loads(run("model", *shard_models, check_rc=0).stdout)
    want = json.load(open(whole_model))
    expect(want["allocations"], "the whole run's model has no allocations: nothing to compare")
    expect(merged == want, "the shard models merged differ from the whole run's model")
    from_records = json.loads(run("model", *shard_outputs, check_rc=0).stdout)
    expect(from_records == want, "the model of the shards' records differs from the whole run's model")

    # The same split on every run (the hash of the id alone).
    again = os.path.join(d, "again.jsonl")
    run("batch", dump, "-o", again, "--shard", f"1/{N}", "-j", "1")
    expect(open(again, "rb").read() == open(shard_outputs[1], "rb").read(), "shard 1/3 differs between runs")

    # A shard resumes like a whole run: its output holds only its own articles.
    part = os.path.join(d, "part.jsonl")
    data = open(shard_outputs[2], "rb").read()
    open(part, "wb").write(data[: len(data) // 2])
    run("batch", dump, "-o", part, "--shard", f"2/{N}", "--resume")
    expect(open(part, "rb").read() == data, "shard 2/3 resumed differs from shard 2/3 run whole")

    for bad in ("3/3", "1", "-1/3", "a/b", "0/0", "1/3x"):
        p = run("batch", dump, f"--shard={bad}")
        expect(p.returncode == 2 and b"--shard expects i/N" in p.stderr, f"--shard {bad}: exit {p.returncode}")
finish()
