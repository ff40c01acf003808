"""`newsdeal serve`: every route over real HTTP on loopback, and the JSON errors for
a wrong path, a wrong method, an unknown media type, bad JSON, bad UTF-8 and a
malformed request."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _helpers import SOURCE, expect, finish  # noqa: E402
from _serve import Server, read_response  # noqa: E402

ENGLISH = ("Oracle signs cloud deal with OpenAI\n\n"
           "OpenAI agreed to buy $30 billion of computing capacity a year from Oracle, the companies said.")
HTML = ("<!doctype html><html><head><title>x</title></head><body><h1>Oracle signs cloud deal with OpenAI</h1>"
        "<p>OpenAI agreed to buy $30 billion of computing capacity a year from Oracle, the companies said.</p>"
        "<script>var ignored = 1;</script></body></html>")


def error_body(status, body, code, *needles):
    try:
        j = json.loads(body)
    except ValueError:
        expect(False, f"error body is not JSON: {body[:200]!r}")
        return {}
    expect(j.get("status") == status, f"error status field {j.get('status')} != {status}: {j}")
    expect(j.get("error") == code, f"error code {j.get('error')!r} != {code!r}: {j}")
    for n in needles:
        expect(n in j.get("message", ""), f"error message lacks {n!r}: {j.get('message')!r}")
    return j


with Server("--threads", "2") as srv:
    # GET /healthz
    status, hdrs, j = srv.json("GET", "/healthz")
    expect(status == 200 and j.get("status") == "ok", f"healthz: {status} {j}")
    expect(hdrs.get("content-type", "").startswith("application/json"), f"healthz content type {hdrs}")

    # POST /v1/extract: plain text, with id, url and title from the query
    status, hdrs, rec = srv.json("POST", "/v1/extract?id=oracle-openai&url=https%3A%2F%2Fexample.com%2Fa",
                                 ENGLISH.encode(), {"Content-Type": "text/plain; charset=utf-8"})
    expect(status == 200, f"extract text: {status} {rec}")
    expect(rec.get("schema") == "newsdeal.article/1" and rec.get("id") == "oracle-openai", f"extract text: {rec}")
    expect(rec.get("source", {}).get("url") == "https://example.com/a", f"url from the query: {rec.get('source')}")
    expect(rec.get("source", {}).get("format") == "text", f"format text: {rec.get('source')}")
    expect(any(d.get("buyer") == "openai" and d.get("vendor") == "oracle" for d in rec.get("deals", [])),
           f"extract text: OpenAI-Oracle deal missing: {rec.get('deals')}")
    text_deals = rec.get("deals")

    # text/html: the visible text, script dropped
    status, _, rec = srv.json("POST", "/v1/extract?id=html", HTML.encode(), {"Content-Type": "text/html"})
    expect(status == 200 and rec.get("source", {}).get("format") == "html", f"extract html: {status} {rec}")
    expect(rec.get("deals") and rec["deals"][0].get("buyer") == "openai", f"extract html deals: {rec.get('deals')}")

    # A JSON article, as a JSONL line holds it; fields of the object, not the query
    article = {"id": "wire-x", "url": "https://example.com/x", "title": "t", "published": "2026-01-02",
               "text": ENGLISH, "extra": [1, 2]}
    status, _, rec = srv.json("POST", "/v1/extract", json.dumps(article, indent=2).encode(),
                              {"Content-Type": "application/json"})
    expect(status == 200 and rec.get("id") == "wire-x", f"extract json: {status} {rec}")
    expect(rec.get("source", {}).get("published") == "2026-01-02", f"extract json source: {rec.get('source')}")
    expect(rec.get("deals") == text_deals or len(rec.get("deals", [])) == len(text_deals),
           "extract json: same deals as the text")
    # No Content-Type: recognized by content; no id: a stable one from the body
    body = json.dumps({"text": ENGLISH}).encode()
    s1, _, r1 = srv.json("POST", "/v1/extract", body)
    s2, _, r2 = srv.json("POST", "/v1/extract", body)
    expect(s1 == 200 and r1.get("source", {}).get("format") == "jsonl", f"sniffed JSON: {s1} {r1}")
    expect(r1.get("id", "").startswith("body-") and r1.get("id") == r2.get("id"), f"hash ids: {r1.get('id')} {r2.get('id')}")

    # A text body in another charset, named by the Content-Type, is decoded as a file would be
    chinese = "微软与CoreWeave签署了一份价值100亿美元的协议。"
    status, _, rec = srv.json("POST", "/v1/extract?id=gbk", chinese.encode("gbk"),
                              {"Content-Type": "text/plain; charset=gbk"})
    expect(status == 200 and any(e.get("key") == "microsoft" for e in rec.get("entities", [])),
           f"GBK body: {status} {[e.get('key') for e in rec.get('entities', [])]}")
    # A feed is several articles: not for this route
    feed = ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>w</title>"
            "<item><title>a</title><description>Oracle agreed to supply OpenAI.</description></item>"
            "<item><title>b</title><description>Google agreed to supply Meta.</description></item>"
            "</channel></rss>").encode()
    status, _, body = srv.request("POST", "/v1/extract", feed, {"Content-Type": "text/plain"})
    expect(status == 400, f"feed to /v1/extract: {status}")
    error_body(400, body, "not_one_article", "2 articles", "/v1/batch")

    # POST /v1/batch: JSONL in, one line out per article, streamed (chunked)
    dump = open(os.path.join(SOURCE, "corpus", "wire-compute-deals.jsonl"), "rb").read()
    status, hdrs, data = srv.request("POST", "/v1/batch", dump, {"Content-Type": "application/x-ndjson"})
    lines = [json.loads(x) for x in data.decode().splitlines()]
    n_in = len([x for x in dump.decode().splitlines() if x.strip()])
    expect(status == 200 and len(lines) == n_in, f"batch: {status}, {len(lines)} lines for {n_in}")
    expect(hdrs.get("transfer-encoding") == "chunked", f"batch is streamed: {hdrs}")
    expect(hdrs.get("content-type", "").startswith("application/x-ndjson"), f"batch content type: {hdrs}")
    expect([x["id"] for x in lines] == [json.loads(x)["id"] for x in dump.decode().splitlines() if x.strip()],
           "batch keeps input order")
    status, _, data = srv.request("POST", "/v1/batch", b"")
    expect(status == 200 and data == b"", f"empty batch: {status} {data[:100]!r}")

    # GET /v1/model in three formats
    status, hdrs, model = srv.json("GET", "/v1/model")
    expect(status == 200 and model.get("schema") == "newsdeal.allocation/1", f"model: {status}")
    expect(any(a["buyer"] == "openai" and a["vendor"] == "oracle" for a in model.get("allocations", [])),
           "model has the OpenAI-Oracle allocation")
    expect(model.get("articles") == 6 + len(lines), f"model articles {model.get('articles')} != {6 + len(lines)}")
    status, hdrs, csv = srv.request("GET", "/v1/model?format=csv")
    expect(status == 200 and hdrs.get("content-type", "").startswith("text/csv") and b"openai" in csv, "model csv")
    status, hdrs, dot = srv.request("GET", "/v1/model?format=dot")
    expect(status == 200 and dot.startswith(b"digraph"), f"model dot: {dot[:40]!r}")
    # GET /report: the live model as the page `newsdeal report` writes, self-contained.
    status, hdrs, page = srv.request("GET", "/report")
    expect(status == 200 and hdrs.get("content-type", "").startswith("text/html"), f"report: {status} {hdrs}")
    expect(b"<svg" in page and b"openai" in page.lower() and b"oracle" in page.lower(),
           "the report page draws the model (svg, with the OpenAI-Oracle allocation)")
    expect(b'src="http' not in page and b'href="http' not in page, "the report page fetches nothing")
    status, _, body = srv.request("GET", "/v1/model?format=xml")
    expect(status == 400, f"model format xml: {status}")
    error_body(400, body, "bad_request", "format=xml")

    # Errors: every one a JSON object naming what is wrong
    status, _, body = srv.request("GET", "/v2/nothing")
    expect(status == 404, f"unknown path: {status}")
    error_body(404, body, "not_found", "/v2/nothing", "POST /v1/extract")
    status, hdrs, body = srv.request("GET", "/v1/extract")
    expect(status == 405 and hdrs.get("allow") == "POST", f"GET /v1/extract: {status} {hdrs}")
    error_body(405, body, "method_not_allowed", "POST")
    status, hdrs, body = srv.request("POST", "/healthz", b"x")
    expect(status == 405 and hdrs.get("allow") == "GET", f"POST /healthz: {status} {hdrs}")
    status, _, body = srv.request("POST", "/v1/extract", b"\x89PNG", {"Content-Type": "image/png"})
    expect(status == 415, f"image/png: {status}")
    error_body(415, body, "unsupported_media_type", "image/png")

    # Bad JSON: byte, line and column
    status, _, body = srv.request("POST", "/v1/extract", b'{\n  "text": "abc",\n  "id": x\n}',
                                  {"Content-Type": "application/json"})
    expect(status == 400, f"bad JSON: {status}")
    error_body(400, body, "bad_json", "not JSON", "line 3, column 9")
    # Bad UTF-8 inside a JSON article
    status, _, body = srv.request("POST", "/v1/extract", b'{"text": "ab\xffcd"}', {"Content-Type": "application/json"})
    expect(status == 400, f"bad UTF-8 in JSON: {status}")
    error_body(400, body, "bad_utf8", "invalid UTF-8 at byte 12 (line 1, column 13)")
    # Bad UTF-8 in a text article: the decode stage's error record
    status, _, body = srv.request("POST", "/v1/extract?id=bad", b"Oracle \xc3\x28 OpenAI", {"Content-Type": "text/plain"})
    expect(status == 400, f"bad UTF-8 text: {status}")
    j = error_body(400, body, "bad_article", "invalid UTF-8 at byte 7")
    expect(j.get("record", {}).get("schema") == "newsdeal.error/1" and j["record"].get("stage") == "decode",
           f"bad UTF-8 text: error record {j.get('record')}")
    # JSON that is not an article
    status, _, body = srv.request("POST", "/v1/extract", b'{"title": "no text"}', {"Content-Type": "application/json"})
    expect(status == 400, f"no text: {status}")
    error_body(400, body, "bad_article", 'no "text" or "html"')
    status, _, body = srv.request("POST", "/v1/extract", b'[1, 2]', {"Content-Type": "application/json"})
    expect(status == 400, f"JSON array: {status}")
    error_body(400, body, "bad_article", "not a JSON object")
    status, _, body = srv.request("POST", "/v1/extract", b"", {"Content-Type": "text/plain"})
    expect(status == 400, f"empty: {status}")
    error_body(400, body, "bad_article", "empty input")

    # A batch with bad lines: one output line per input line, errors naming the line
    batch = b"\n".join([
        json.dumps({"id": "ok-1", "text": ENGLISH}).encode(),
        b'{"id": "broken", "text": ',
        b'{"id": "utf", "text": "ab\xfe"}',
        b"",
        b'"just a string"',
        json.dumps({"id": "no-text"}).encode(),
        json.dumps({"id": "ok-2", "text": ENGLISH}).encode(),
    ]) + b"\n"
    status, _, data = srv.request("POST", "/v1/batch", batch)
    out = [json.loads(x) for x in data.decode().splitlines()]
    expect(status == 200 and len(out) == 6, f"bad batch: {status}, {len(out)} lines (want 6: blank skipped)")
    if len(out) == 6:
        expect(out[0]["id"] == "ok-1" and out[0]["schema"] == "newsdeal.article/1", f"line 1: {out[0]}")
        expect(out[1]["schema"] == "newsdeal.error/1" and out[1]["error"].startswith("batch:2: not JSON (byte"),
               f"line 2: {out[1]}")
        expect(out[2]["stage"] == "decode" and out[2]["error"] == "batch:3: invalid UTF-8 at byte 25 of the line",
               f"line 3: {out[2]}")
        expect(out[3]["error"] == "batch:5: not a JSON object", f"line 5: {out[3]}")
        expect(out[4]["id"] == "no-text" and 'no "text"' in out[4]["error"], f"line 6: {out[4]}")
        expect(out[5]["id"] == "ok-2" and out[5]["schema"] == "newsdeal.article/1", f"line 7: {out[5]}")

    # A request that is not HTTP
    sock = srv.connect()
    sock.sendall(b"NONSENSE\r\n\r\n")
    status, _, body = read_response(sock)
    sock.close()
    expect(status == 400, f"malformed request: {status}")
    error_body(400, body, "bad_request", "malformed")

    # GET /metrics: what the requests above did
    m = srv.metrics()
    def get(key):
        return m.get(key, 0)
    extract_200 = get('newsdeal_http_requests_total{route="/v1/extract",status="200"}')
    expect(extract_200 == 6, f"extract 200s: {extract_200}")
    expect(get('newsdeal_http_requests_total{route="/v1/extract",status="400"}') == 7, "extract 400s")
    expect(get('newsdeal_http_requests_total{route="/v1/extract",status="415"}') == 1, "extract 415")
    expect(get('newsdeal_http_requests_total{route="/v1/extract",status="405"}') == 1, "extract 405")
    expect(get('newsdeal_http_requests_total{route="/v1/batch",status="200"}') == 3, "batch 200s")
    expect(get('newsdeal_http_requests_total{route="other",status="404"}') == 1, "404 as route other")
    expect(get('newsdeal_http_requests_in_flight') == 1, f"in flight: {get('newsdeal_http_requests_in_flight')}")
    expect(get('newsdeal_articles_total{outcome="record"}') == 6 + len(lines) + 2, "articles: records")
    # errors: bad text (decode), no text, array, empty + 4 batch lines
    expect(get('newsdeal_article_errors_total{stage="decode"}') == 2, "decode errors (text and batch line)")
    expect(get('newsdeal_article_errors_total{stage="parse"}') == 5, "parse errors")
    expect(get('newsdeal_article_errors_total{stage="read"}') == 1, "read errors")
    expect(get('newsdeal_model_articles') == 6 + len(lines) + 2, "model articles")
    route = 'route="/v1/extract"'
    buckets = sorted(((float(k.split('le="')[1].split('"')[0]) if '+Inf' not in k else float("inf")), v)
                     for k, v in m.items() if k.startswith("newsdeal_http_request_duration_seconds_bucket{" + route))
    counts = [v for _, v in buckets]
    expect(counts == sorted(counts) and counts and counts[-1] == get(
        "newsdeal_http_request_duration_seconds_count{" + route + "}") == 15,
        f"latency histogram cumulative, +Inf = count = 15: {buckets}")
    expect(get("process_resident_memory_bytes") > 1e6, "resident memory reported")

    expect(srv.stop() == 0, f"exit status after SIGTERM; stderr: {srv.stderr()}")

finish("serve routes")
