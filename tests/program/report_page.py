"""newsdeal report without a browser: the page is self-contained, its graph has one
node per company and one edge per buyer and vendor (Graphviz and built-in layouts),
its data holds every deal with its evidence sentences cut from the text and the
mentions marked, conflicts are flagged, models and records without text work, bad
lines are named and skipped, and record text cannot break out of the page. With
../shared, the seed's page shows Meta with five vendors and Amazon with three
customers."""
import json
import os
import re
import shutil
import subprocess
import tempfile

from _helpers import NEWSDEAL, SHARED, SOURCE, batch, expect, finish, run
from _report import Dom, deal_pairs, make_report, page_data

EXTERNAL = re.compile(r"""(?:\bsrc|\bhref|xlink:href)\s*=\s*["']?\s*(?:https?:)?//|<link\b|@import|url\(\s*["']?(?:https?:)?//""", re.I)


def check_graph(page, records, label):
    dom = Dom(page)
    pairs = deal_pairs(records)
    companies = {c for p in pairs for c in p}
    expect(dom.node_keys() == companies,
           f"{label}: graph nodes differ from the companies of the deals: extra {dom.node_keys() - companies}, "
           f"missing {companies - dom.node_keys()}")
    expect(dom.edge_pairs() == pairs,
           f"{label}: graph edges differ from the deals: extra {dom.edge_pairs() - pairs}, missing {pairs - dom.edge_pairs()}")
    expect(len(dom.edges) == len(pairs), f"{label}: {len(dom.edges)} edges for {len(pairs)} allocations")
    return dom


with tempfile.TemporaryDirectory() as d:
    corpus = os.path.join(SOURCE, "corpus")
    records, _ = batch(corpus, extra=("--with-text",))
    jsonl = os.path.join(d, "corpus.jsonl")
    with open(jsonl, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    n_deals = sum(len(r.get("deals", [])) for r in records)
    expect(n_deals >= 20, f"the corpus gave only {n_deals} deals")

    # Both layouts; Graphviz only where `dot` is installed.
    layouts = ["builtin"] + (["dot"] if shutil.which("dot") else [])
    for layout in layouts:
        out = os.path.join(d, f"report-{layout}.html")
        make_report([jsonl], out, "--layout", layout)
        page = open(out, encoding="utf-8").read()
        bad = EXTERNAL.search(page)
        expect(bad is None, f"{layout}: the page refers to something outside it: {bad and page[bad.start():bad.start() + 80]!r}")
        expect(page.count("<script") == 2 and "<style>" in page, f"{layout}: script and style are not inline")
        data = page_data(page)
        expect(data is not None and data["meta"]["layout"] == layout, f"{layout}: data missing or layout not {layout}")
        check_graph(page, records, layout)
    if not shutil.which("dot"):
        print("note: Graphviz dot is not installed; only the built-in layout was checked")
        p = run("report", jsonl, "-o", os.path.join(d, "auto.html"), check_rc=0)
        auto = page_data(open(os.path.join(d, "auto.html"), encoding="utf-8").read())
        expect(auto["meta"]["layout"] == "builtin" and "not found" in auto["meta"]["layout_note"],
               "without dot, auto falls back to the built-in layout and says why")

    # Every deal is a row; every evidence sentence is the text's bytes, cut into
    # plain and marked segments whose marks are the record's mentions.
    rows = {(r["article"], r["id"]): r for r in data["deals"]}
    expect(len(rows) == n_deals, f"{len(rows)} rows for {n_deals} deals")
    by_id = {r["id"]: r for r in records}
    for (article, deal_id), row in rows.items():
        rec = by_id[article]
        text = rec["text"].encode("utf-8")
        deal = next(x for x in rec["deals"] if x["id"] == deal_id)
        expect(row["buyer"] == deal["buyer"] and row["vendor"] == deal["vendor"], f"{article} {deal_id}: parties differ")
        expect(len(row["evidence"]) == len(deal["evidence"]), f"{article} {deal_id}: evidence count differs")
        mentions = {(m["start"], m["end"]) for e in rec["entities"] for m in e["mentions"]}
        for ev in row["evidence"]:
            want = text[ev["start"]:ev["end"]].decode("utf-8")
            got = "".join(s[0] for s in ev["segs"])
            expect(got == want, f"{article} {deal_id}: evidence {ev['start']}-{ev['end']} reads {got!r}, not {want!r}")
            pos = ev["start"]
            for s in ev["segs"]:
                n = len(s[0].encode("utf-8"))
                if len(s) == 3:
                    expect((pos, pos + n) in mentions, f"{article} {deal_id}: marked {s[0]!r} at {pos} is no mention")
                pos += n
        marked = {s[0] for ev in row["evidence"] for s in ev["segs"] if len(s) == 3 and "party" in s[2]}
        expect(marked, f"{article} {deal_id}: no party of the deal is marked in its evidence")

    # The value conflict between the Chinese summary and the rest: flagged on the
    # row, and the sentence stating the other value has its figure marked.
    row = rows[("seedtext-value-conflict", "d1")]
    expect(row["conflicts"] and row["conflicts"][0]["field"] == "value", "the value conflict is not on the row")
    flagged = [s[0] for ev in row["evidence"] for s in ev["segs"] if len(s) == 3 and "conflict" in s[2]]
    expect(flagged == ["120亿美元"], f"the conflicting figure marked: {flagged}")
    expect({ev["lang"] for ev in row["evidence"]} == {"zh", "en"}, "the conflict deal lacks evidence in both languages")

    # Records without text: byte ranges and mentions, and a note on stderr.
    plain, _ = batch(corpus)
    plain_jsonl = os.path.join(d, "plain.jsonl")
    open(plain_jsonl, "w", encoding="utf-8").write("".join(json.dumps(r) + "\n" for r in plain))
    p = make_report([plain_jsonl], os.path.join(d, "plain.html"), "--layout", "builtin")
    expect(b"--with-text" in p.stderr, "no note on stderr that evidence needs --with-text")
    pd = page_data(open(os.path.join(d, "plain.html"), encoding="utf-8").read())
    evs = [ev for r in pd["deals"] for ev in r["evidence"]]
    expect(evs and all("mentions" in ev and "segs" not in ev for ev in evs), "evidence without text is not ranges+mentions")
    expect(pd["meta"]["records_without_text"] > 0, "the page does not count records without text")

    # A model as input: its allocations are rows (no evidence), its graph the same.
    model = os.path.join(d, "model.json")
    run("model", jsonl, "-o", model, check_rc=0)
    make_report([model], os.path.join(d, "model.html"), "--layout", "builtin")
    mpage = open(os.path.join(d, "model.html"), encoding="utf-8").read()
    md = page_data(mpage)
    allocs = json.load(open(model))["allocations"]
    expect(len(md["deals"]) == len(allocs) and md["meta"]["rows_from_models"] == len(allocs), "model rows != allocations")
    check_graph(mpage, records, "model")
    # A model together with its own records does not count the deals twice.
    make_report([jsonl, model], os.path.join(d, "both.html"), "--layout", "builtin")
    both = page_data(open(os.path.join(d, "both.html"), encoding="utf-8").read())
    expect(len(both["deals"]) == n_deals, f"records + their model gave {len(both['deals'])} rows, not {n_deals}")

    # Bad input: named with file and line, skipped, the rest still reported.
    mixed = os.path.join(d, "mixed.jsonl")
    lines = open(jsonl, encoding="utf-8").read().splitlines()
    open(mixed, "w", encoding="utf-8").write(lines[0] + "\n{not json\n[1,2]\n" + "\n".join(lines[1:]) + "\n")
    p = run("report", mixed, os.path.join(d, "missing.jsonl"), "-o", os.path.join(d, "mixed.html"))
    err = p.stderr.decode()
    expect(p.returncode == 1, f"bad lines: exit {p.returncode}, expected 1")
    expect("mixed.jsonl:2: not JSON" in err and "mixed.jsonl:3:" in err and "missing.jsonl" in err,
           f"bad lines and the missing file are not named: {err}")
    expect(len(page_data(open(os.path.join(d, "mixed.html"), encoding="utf-8").read())["deals"]) == n_deals,
           "the good records of a file with bad lines are not all reported")

    # Record text cannot end the script element or add markup.
    evil = json.loads(lines[0])
    for r in records:
        if r.get("deals"):
            evil = json.loads(json.dumps(r))
            break
    payload = "</script><img src=x onerror=alert(1)><!--"
    evil["title"] = payload
    for e in evil["entities"]:
        e["name"] = e.get("name", "") + payload
    evil_jsonl = os.path.join(d, "evil.jsonl")
    open(evil_jsonl, "w", encoding="utf-8").write(json.dumps(evil) + "\n")
    for layout in layouts:
        make_report([evil_jsonl], os.path.join(d, "evil.html"), "--layout", layout, "--title", payload)
        epage = open(os.path.join(d, "evil.html"), encoding="utf-8").read()
        expect(payload not in epage and "<img" not in epage, f"{layout}: record text reaches the page as markup")
        expect(page_data(epage)["deals"][0]["title"] == payload, f"{layout}: the escaped title does not read back")

    # --layout dot where Graphviz cannot run: a usage error naming it.
    p = subprocess.run([NEWSDEAL, "report", jsonl, "-o", os.path.join(d, "x.html"), "--layout", "dot"],
                       capture_output=True, env={**os.environ, "PATH": d})
    expect(p.returncode == 2 and b"dot" in p.stderr and not os.path.exists(os.path.join(d, "x.html")),
           f"--layout dot without Graphviz: exit {p.returncode}, stderr {p.stderr!r}")

    # The seed: Meta gets compute from five vendors, Amazon serves three buyers.
    seed = os.path.join(SHARED, "seed", "qimuai-3902.txt")
    if os.path.exists(seed):
        srecs, _ = batch(seed, extra=("--with-text",))
        sj = os.path.join(d, "seed.jsonl")
        open(sj, "w", encoding="utf-8").write("".join(json.dumps(r) + "\n" for r in srecs))
        for layout in layouts:
            make_report([sj], os.path.join(d, "seed.html"), "--layout", layout)
            spage = open(os.path.join(d, "seed.html"), encoding="utf-8").read()
            dom = check_graph(spage, srecs, f"seed {layout}")
            edges = dom.edge_pairs()
            expect({v for v, b in edges if b == "meta"} == {"amazon", "nvidia", "amd", "google", "broadcom"},
                   f"seed {layout}: Meta's vendors in the graph: {sorted(v for v, b in edges if b == 'meta')}")
            expect({b for v, b in edges if v == "amazon"} == {"meta", "anthropic", "openai"},
                   f"seed {layout}: Amazon's customers in the graph: {sorted(b for v, b in edges if v == 'amazon')}")
            sd = page_data(spage)
            expect(len({r["vendor"] for r in sd["deals"] if r["buyer"] == "meta"}) == 5, "seed table: Meta's vendors")
            expect(len({r["buyer"] for r in sd["deals"] if r["vendor"] == "amazon"}) == 3, "seed table: Amazon's customers")
    else:
        print(f"note: {seed} is absent; the seed checks were skipped")

finish()
