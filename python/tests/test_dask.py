"""python3 -m newsdeal.dask on a LocalCluster of 2 worker processes over a
generated dump of good and bad articles: every article exactly once across the
parts (the parts together are what `newsdeal batch` writes), and the merged
model is the one `newsdeal batch --model` gives."""
import json
import os

from _dump import check_job, write_folder, write_jsonl_dump
from conftest import run_dask

MAX_ARTICLE = 4096


def test_local_cluster_matches_newsdeal_batch(tmp_path, reference):
    dump = tmp_path / "dump.jsonl"
    lines = write_jsonl_dump(dump, 1500, seed=9, max_article_bytes=MAX_ARTICLE)
    folder_articles = write_folder(tmp_path / "more")
    inputs = [dump, tmp_path / "more", tmp_path / "missing.jsonl"]
    ref_lines, ref_model = reference(inputs, "--max-article-bytes", MAX_ARTICLE)
    assert len(ref_lines) == lines + folder_articles + 1

    out, model = tmp_path / "out", tmp_path / "model.json"
    os.makedirs(out)
    (out / "part-00042.jsonl").write_text("left from an earlier run\n")
    p = run_dask(*inputs, "-o", out, "--model", model, "--workers", 2, "--partition-bytes", "100k",
                 "--max-article-bytes", MAX_ARTICLE)
    stderr = p.stderr.decode(errors="replace")
    assert p.returncode == 1, stderr  # 1: some articles gave error records
    parts = check_job(out, model, ref_lines, ref_model, dump)
    # The 550 kB dump was cut into ranges; the folder's 5 files and the missing
    # path are a partition each.
    assert parts >= 5 + 1 + 5, parts
    assert f"{len(ref_lines)} articles:" in stderr
    records = [json.loads(x) for x in ref_lines]
    stages = {r["stage"] for r in records if r["schema"] == "newsdeal.error/1"}
    assert {"read", "parse", "decode"} <= stages
    assert sum(len(r.get("deals", [])) for r in records) > 100
    assert json.loads(model.read_text())["allocations"]


def test_usage_errors(tmp_path):
    p = run_dask("-", "-o", tmp_path / "o", "--model", tmp_path / "m.json")
    assert p.returncode == 2 and b"stdin" in p.stderr
    p = run_dask(tmp_path, "--model", tmp_path / "m.json")
    assert p.returncode == 2  # no -o
    bad = tmp_path / "rules" / "en"
    bad.mkdir(parents=True)
    (bad / "money.rules").write_text("rule: x\npattern: (unclosed\nvalue: v\n")
    p = run_dask(tmp_path, "-o", tmp_path / "o", "--model", tmp_path / "m.json", "--rules", tmp_path / "rules")
    assert p.returncode == 2 and b"money.rules" in p.stderr
