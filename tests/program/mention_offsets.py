"""Offsets of every mention, section and evidence span slice the input exactly:
text[start:end] (UTF-8 bytes) is the mention's text, for every corpus article."""
import os

from _helpers import SOURCE, batch, expect, finish

recs, _ = batch(os.path.join(SOURCE, "corpus"), extra=("--with-text",))
mentions = 0
for r in recs:
    if r["schema"] != "newsdeal.article/1":
        expect(False, f"{r['id']}: error record: {r.get('error')}")
        continue
    text = r["text"].encode("utf-8")
    for s in r["sections"]:
        expect(0 <= s["start"] <= s["end"] <= len(text), f"{r['id']}: section {s['name']} out of range")
        body = text[s["start"]:s["end"]]
        expect(body == body.strip(), f"{r['id']}: section {s['name']} has surrounding white space")
    for e in r["entities"]:
        for m in e["mentions"]:
            mentions += 1
            got = text[m["start"]:m["end"]].decode("utf-8", errors="replace")
            expect(got == m["text"], f"{r['id']}: {e['id']} mention {m['start']}-{m['end']} slices {got!r}, says {m['text']!r}")
            sec = r["sections"][m["section"]]
            expect(sec["start"] <= m["start"] and m["end"] <= sec["end"],
                   f"{r['id']}: mention {m['text']!r} outside its section {sec['name']}")
    for d in r["deals"] + r["events"]:
        for ev in d["evidence"]:
            expect(0 <= ev["start"] < ev["end"] <= len(text), f"{r['id']}: evidence out of range")
expect(mentions >= 30, f"only {mentions} mentions in the whole corpus: extraction is not running")
finish(f"{len(recs)} articles, {mentions} mentions")
