"""`newsdeal serve` under concurrent requests: every record equals the one
`newsdeal extract` makes of the same article (source.path aside: a request has no
file), for text articles, JSON articles and whole JSONL batches posted at once
from many client threads."""
import glob
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _helpers import SHARED, SOURCE, expect, finish, records, run  # noqa: E402
from _serve import Server, without_path  # noqa: E402

corpus = os.path.join(SOURCE, "corpus")
texts = sorted(glob.glob(os.path.join(corpus, "*.txt")))
seed = os.path.join(SHARED, "seed", "qimuai-3902.txt")
if os.path.exists(seed):
    texts.append(seed)  # a real bilingual article, when ../shared is there
dumps = sorted(glob.glob(os.path.join(corpus, "*.jsonl")))

expected = {r["id"]: without_path(r) for r in records(run("extract", *texts, *dumps).stdout)}
expect(len(expected) >= len(texts) + 8, f"extract gave {len(expected)} records")


def post_text(path):
    stem = os.path.splitext(os.path.basename(path))[0]
    return stem, json.loads(srv.request("POST", f"/v1/extract?id={stem}", open(path, "rb").read(),
                                        {"Content-Type": "text/plain"})[2])


def post_json(line):
    return json.loads(line)["id"], json.loads(srv.request("POST", "/v1/extract", line,
                                                          {"Content-Type": "application/json"})[2])


def post_batch(path):
    return path, [json.loads(x) for x in srv.request("POST", "/v1/batch", open(path, "rb").read())[2].splitlines()]


json_lines = [line for d in dumps for line in open(d, "rb").read().splitlines() if line.strip()]
with Server("--threads", "4", "--queue", "256") as srv, ThreadPoolExecutor(16) as pool:
    jobs = []
    for _ in range(3):  # each article several times, all in flight together
        jobs += [pool.submit(post_text, p) for p in texts]
        jobs += [pool.submit(post_json, line) for line in json_lines]
        jobs += [pool.submit(post_batch, d) for d in dumps]
    compared = 0
    for job in jobs:
        key, got = job.result()
        if isinstance(got, list):  # a batch: its lines in the dump's order
            want_ids = [json.loads(line)["id"] for line in open(key, "rb").read().splitlines() if line.strip()]
            expect([r.get("id") for r in got] == want_ids, f"batch {key}: ids {[r.get('id') for r in got]}")
            for r in got:
                expect(without_path(r) == expected.get(r.get("id")), f"batch {key}: record {r.get('id')} differs")
                compared += 1
        else:
            expect(without_path(got) == expected.get(key),
                   f"record {key} differs from newsdeal extract's:\n{json.dumps(got)[:400]}\n"
                   f"{json.dumps(expected.get(key))[:400]}")
            compared += 1
    m = srv.metrics()
    counted = m.get('newsdeal_articles_total{outcome="record"}')
    expect(counted == compared, f"metrics count {counted} records, compared {compared}")
    expect(srv.stop() == 0, "exit 0 after SIGTERM")

finish(f"{compared} records over HTTP equal newsdeal extract's")
