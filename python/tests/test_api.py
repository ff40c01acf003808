"""newsdeal.Pipeline from Python: records exactly as `newsdeal batch` writes them,
errors as exceptions naming the stage, process_many in order on threads with
the GIL released."""
import json
import os
import sys
import threading

import pytest

import newsdeal
from conftest import read_jsonl

EN = ("Chip deal\n\nTesla agreed to rent Nvidia GPUs from Oracle for $2 billion over three years. "
      "The company did not comment.")
ZH = "字节跳动与英伟达签署了价值30亿美元的算力协议,期限5年。"


def without_path(record):
    record = dict(record)
    record["source"] = {k: v for k, v in record["source"].items() if k != "path"}
    return record


def test_text_gives_the_record_newsdeal_extract_gives(tmp_path, pipeline, newsdeal_cli):
    f = tmp_path / "deal-1.txt"
    f.write_text(EN, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    newsdeal_cli("batch", f, "-o", out, "-q", check_rc=0)
    [expected] = read_jsonl(out)
    got = pipeline.process(EN, id="deal-1")
    assert got["schema"] == newsdeal.ARTICLE_SCHEMA
    assert got["deals"], "the sentence states a deal"
    assert got["source"]["path"] is None
    assert without_path(got) == without_path(expected)


def test_dict_gives_the_record_of_its_jsonl_line(tmp_path, pipeline, newsdeal_cli):
    article = {"id": "z1", "title": "算力协议", "text": ZH, "lang": "zh", "url": "https://example.test/z1",
               "published": "2025-03-04", "ignored": [1, 2]}
    f = tmp_path / "one.jsonl"
    f.write_text(json.dumps(article, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    newsdeal_cli("batch", f, "-o", out, "-q", check_rc=0)
    [expected] = read_jsonl(out)
    got = pipeline.process(article)
    assert got["id"] == "z1" and got["source"]["url"] == "https://example.test/z1"
    assert got["source"]["published"] == "2025-03-04" and got["title"] == "算力协议"
    assert [d["buyer"] for d in got["deals"]] == ["bytedance"]
    assert without_path(got) == without_path(expected)


def test_html_in_a_dict_and_keywords_beside_text(pipeline):
    r = pipeline.process({"id": "h", "html": "<html><body><p>Meta signed a deal with CoreWeave.</p></body></html>"})
    assert r["source"]["format"] == "html"
    assert "<p>" not in json.dumps(r)
    r = pipeline.process(EN, id="k", url="https://example.test/k", title="Given title", published="2025-01-02")
    assert (r["id"], r["source"]["url"], r["title"], r["source"]["published"]) == \
        ("k", "https://example.test/k", "Given title", "2025-01-02")


def test_default_ids_are_stable_hashes(pipeline):
    a, b = pipeline.process(EN), pipeline.process(EN)
    assert a["id"] == b["id"] and a["id"].startswith("text-")
    assert pipeline.process({"text": EN})["id"].startswith("article-")
    assert pipeline.process({"text": EN})["id"] != pipeline.process({"text": EN + " More."})["id"]


def test_invalid_utf8_raises_decode_error(pipeline):
    with pytest.raises(newsdeal.DecodeError) as e:
        pipeline.process(b"Nvidia sold \xc3\x28 chips", id="bad")
    err = e.value
    assert isinstance(err, newsdeal.Error)
    assert err.stage == "decode" and err.id == "bad"
    assert err.message == "invalid UTF-8 at byte 12"
    assert err.record["schema"] == newsdeal.ERROR_SCHEMA and err.record["stage"] == "decode"
    # A str decoded with surrogateescape carries the same bad byte.
    with pytest.raises(newsdeal.DecodeError):
        pipeline.process(b"Nvidia sold \xc3\x28 chips".decode("utf-8", "surrogateescape"))


def test_oversize_raises_read_error():
    small = newsdeal.Pipeline(max_article_bytes=100)
    with pytest.raises(newsdeal.ReadError) as e:
        small.process("x" * 101, id="big")
    assert "101 bytes, over the limit of 100" in e.value.message
    with pytest.raises(newsdeal.ReadError):
        small.process({"id": "big", "text": "y" * 200})
    assert small.process("x" * 100, id="ok")["schema"] == newsdeal.ARTICLE_SCHEMA


def test_dict_without_text_raises_parse_error(pipeline):
    with pytest.raises(newsdeal.ParseError) as e:
        pipeline.process({"id": "t", "title": "only a title"})
    assert e.value.stage == "parse" and e.value.id == "t"
    assert e.value.message == 'no "text" or "html" field with content'
    rec = pipeline.process({"id": "t", "title": "only a title"}, errors="return")
    assert rec == e.value.record


def test_empty_text_raises_read_error(pipeline):
    with pytest.raises(newsdeal.ReadError, match="empty input"):
        pipeline.process("", id="e")


def test_bad_argument_types(pipeline):
    with pytest.raises(TypeError):
        pipeline.process(42)
    with pytest.raises(ValueError):
        pipeline.process(EN, errors="ignore")


def test_bad_rules_raise_load_error(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "money.rules").write_text("rule: broken\npattern: (unclosed\nvalue: v\n", encoding="utf-8")
    with pytest.raises(newsdeal.LoadError) as e:
        newsdeal.Pipeline(rules=tmp_path)
    assert "money.rules" in str(e.value)


def batch_of_articles(n):
    out = []
    for i in range(n):
        if i % 7 == 3:
            out.append(b"Nvidia sold \xc3\x28 chips")
        elif i % 5 == 0:
            out.append({"id": f"d{i}", "text": ZH})
        else:
            out.append(EN.replace("$2 billion", f"${i + 1} billion"))
    return out


def test_process_many_keeps_order_and_goes_on_past_errors(pipeline):
    articles = batch_of_articles(40)
    one = pipeline.process_many(articles, threads=1)
    two = pipeline.process_many(iter(articles), threads=2, chunk=7)  # an iterator, cut into chunks
    assert one == two
    assert len(one) == 40
    for i, (article, rec) in enumerate(zip(articles, one)):
        if isinstance(article, bytes):
            assert rec["schema"] == newsdeal.ERROR_SCHEMA and rec["stage"] == "decode"
        else:
            assert rec == pipeline.process(article), f"article {i}"
    with pytest.raises(newsdeal.DecodeError):
        pipeline.process_many(articles, threads=2, errors="raise")


def test_process_many_releases_the_gil(pipeline):
    # With a switch interval longer than the test, a thread that holds the GIL is
    # never preempted: the main thread can only run while the worker thread is
    # inside process_many if process_many let go of the GIL.
    articles = [EN] * 1500  # long enough that the main thread is surely scheduled meanwhile
    consumed, state = threading.Event(), {"done": False}

    def feed():
        yield from articles
        consumed.set()  # the last article is taken; the C++ work on the last chunk starts

    def work():
        # One chunk, run once the iterator is exhausted (after consumed is set).
        state["records"] = pipeline.process_many(feed(), threads=1, chunk=len(articles) + 1)
        state["done"] = True

    old = sys.getswitchinterval()
    sys.setswitchinterval(100)
    try:
        t = threading.Thread(target=work)
        t.start()
        consumed.wait()
        ran_during_call = not state["done"]
        t.join()
    finally:
        sys.setswitchinterval(old)
    assert ran_during_call, "the main thread could not run while process_many worked"
    assert len(state["records"]) == 1500


def test_pipeline_shared_by_python_threads(pipeline):
    articles = batch_of_articles(24)
    expected = [pipeline.process(a, errors="return") for a in articles]
    results = [None] * len(articles)

    def run(i):
        results[i] = pipeline.process(articles[i], errors="return")

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(articles))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == expected


def test_binary_and_feed_texts(pipeline):
    with pytest.raises(newsdeal.DecodeError, match="NUL byte at byte 3"):
        pipeline.process(b"abc\x00def", id="bin")
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
            "<item><title>A</title><description>Meta signed a deal with Nvidia.</description></item>"
            "<item><title>B</title><description>Tesla bought chips.</description></item></channel></rss>")
    with pytest.raises(newsdeal.ParseError, match="a feed of 2 items"):
        pipeline.process(feed, id="feed")
