"""newsdeal.Model: the allocation model built from Python equals the one
`newsdeal model` writes for the same records, and shards merge into the whole."""
import json

import newsdeal

DEALS = [
    {"id": "m1", "text": "Meta signed a $10 billion deal with Google Cloud for AI servers.",
     "url": "https://example.test/m1", "published": "2025-02-01"},
    {"id": "m2", "text": "Meta agreed to rent Google Cloud capacity for up to $12 billion over six years.",
     "published": "2025-04-09"},
    {"id": "m3", "text": "OpenAI signed a $5 billion deal with Broadcom for custom AI chips."},
    {"id": "m4", "text": "腾讯与英伟达签署了价值20亿美元的算力协议。", "lang": "zh"},
    {"id": "m5", "title": "no text: an error record, which the model ignores"},
    {"id": "m6", "text": "Tesla agreed to rent Nvidia GPUs from Oracle for $2 billion."},
]


def records(pipeline):
    return pipeline.process_many(DEALS)


def test_model_equals_newsdeal_model(tmp_path, pipeline, newsdeal_cli):
    recs = records(pipeline)
    assert sum(r["schema"] == newsdeal.ERROR_SCHEMA for r in recs) == 1
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    newsdeal_cli("model", path, "-o", tmp_path / "model.json", check_rc=0)
    expected_text = (tmp_path / "model.json").read_text(encoding="utf-8")

    model = newsdeal.Model()
    for r in recs:
        model.add(r)
    assert model.to_dict() == json.loads(expected_text)
    assert model.to_json() == expected_text  # byte for byte, as the CLI writes it
    assert model.articles == 5
    assert len(model) >= 4
    buyers = {a["buyer"] for a in model.to_dict()["allocations"]}
    assert {"meta", "openai", "tencent"} <= buyers


def test_shards_merge_into_the_whole(pipeline):
    recs = records(pipeline)
    whole = newsdeal.Model(recs)
    a, b, c = newsdeal.Model(recs[:2]), newsdeal.Model(recs[2:4]), newsdeal.Model(recs[4:])
    merged = newsdeal.Model().merge(c).merge(a).merge(b)
    assert merged.to_dict() == whole.to_dict()
    # A model written out and read back merges the same way.
    again = newsdeal.Model.from_dict(a.to_dict()).merge(newsdeal.Model.from_dict(json.loads(b.to_json())))
    again.merge(c)
    assert again.to_dict() == whole.to_dict()
    # The two Meta reports are one allocation with both sources.
    [meta] = [x for x in whole.to_dict()["allocations"] if x["buyer"] == "meta"]
    assert sorted(s["article"] for s in meta["sources"]) == ["m1", "m2"]


def test_empty_and_error_only_models(pipeline):
    empty = newsdeal.Model().to_dict()
    assert empty["schema"] == "newsdeal.allocation/1" and empty["allocations"] == []
    only_error = newsdeal.Model([pipeline.process({"id": "x"}, errors="return")])
    assert only_error.to_dict()["allocations"] == []
