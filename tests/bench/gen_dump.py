#!/usr/bin/env python3
"""Seeded generator of a bilingual JSONL dump for the batch benchmark and tests.

Articles are recombined from the paragraphs of real articles (corpus/ by default,
plus any other files or folders named with --from): each generated article takes
a title and 4 to 16 paragraphs, Chinese only, English only, or both (Chinese
paragraphs, then English ones, as a translated article with its source). Ids are
unique ("gen<seed>-<n>"). The same seed and size give the same bytes.

  gen_dump.py --mb 200 -o dump.jsonl [--seed 1] [--bad 0.01] [--from DIR_OR_FILE]...

--bad F makes about a fraction F of the lines bad, in rotation: not JSON (cut
short), invalid UTF-8, no text field, a JSON array instead of an object.
Paragraphs are JSON-escaped once and joined, so 1 GB takes a few tens of seconds.
"""
import argparse
import json
import os
import random
import sys

ARTICLE_EXTENSIONS = (".txt", ".text", ".jsonl", ".ndjson")
# Seedtext labels and footers: structure, not article text.
SKIP_PREFIXES = ("内容总结", "中文翻译", "英文来源", "文章标题", "文章链接")


def is_chinese(text):
    han = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    return han * 3 >= len(text)


def texts_of(path):
    """(title, body) pairs of one file: a .jsonl line each, or the file whole."""
    with open(path, encoding="utf-8", errors="replace") as fh:
        if path.endswith((".jsonl", ".ndjson")):
            for line in fh:
                try:
                    obj = json.loads(line)
                except ValueError:
                    continue
                if isinstance(obj, dict) and isinstance(obj.get("text"), str):
                    yield obj.get("title") or "", obj["text"]
        else:
            text = fh.read()
            first, _, rest = text.partition("\n")
            yield first, rest


def files_under(path):
    if os.path.isfile(path):
        yield path
        return
    for root, dirs, names in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "golden")
        for name in sorted(names):
            if name.endswith(ARTICLE_EXTENSIONS) and not name.startswith("."):
                yield os.path.join(root, name)


def pools(sources):
    """Escaped paragraphs and titles, by language."""
    paras = {"zh": [], "en": []}
    titles = {"zh": [], "en": []}
    for src in sources:
        for path in files_under(src):
            for title, body in texts_of(path):
                if title.strip():
                    titles["zh" if is_chinese(title) else "en"].append(title.strip())
                for p in body.split("\n"):
                    p = p.strip()
                    if len(p) < 20 or p.startswith(SKIP_PREFIXES) or p.startswith("http"):
                        continue
                    paras["zh" if is_chinese(p) else "en"].append(json.dumps(p, ensure_ascii=False)[1:-1])
    for lang in ("zh", "en"):
        if not paras[lang]:
            sys.exit(f"gen_dump: no {lang} paragraphs in {', '.join(sources)}")
        if not titles[lang]:
            titles[lang] = ["Untitled"]
    return paras, titles


def bad_line(kind, n, good):
    if kind == 0:
        return good[: len(good) // 2]  # cut short: not JSON
    if kind == 1:
        return good[:40] + b"\xff\xfe broken \xc3" + good[40:]  # invalid UTF-8
    if kind == 2:
        return json.dumps({"id": f"bad-{n}", "title": "no text here"}).encode()
    return b'["an", "array"]'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, required=True, help="size of the dump in MB (10^6 bytes)")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bad", type=float, default=0.0, help="fraction of bad lines")
    ap.add_argument("--from", dest="sources", action="append", default=[],
                    help="files or folders of articles (default: corpus/)")
    args = ap.parse_args()
    sources = args.sources or [os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "corpus")]
    paras, titles = pools(sources)
    rng = random.Random(args.seed)
    target = int(args.mb * 1e6)
    written = articles = bad = 0
    with open(args.output, "wb") as out:
        while written < target:
            n = articles + bad
            kind = rng.random()
            langs = ["zh"] if kind < 0.4 else ["en"] if kind < 0.8 else ["zh", "en"]
            body = []
            for lang in langs:
                body += rng.choices(paras[lang], k=rng.randint(4, 16) // len(langs) + 1)
            lang = langs[0] if len(langs) == 1 else None
            title = rng.choice(titles[langs[0]])
            head = {"id": f"gen{args.seed}-{n:08d}", "url": f"https://news.example/{args.seed}/{n}",
                    "published": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "title": title}
            if lang:
                head["lang"] = lang
            prefix = json.dumps(head, ensure_ascii=False)[:-1]
            line = (prefix + ', "text": "' + "\\n".join(body) + '"}').encode("utf-8")
            if args.bad and rng.random() < args.bad:
                line = bad_line(bad % 4, n, line)
                bad += 1
            else:
                articles += 1
            out.write(line + b"\n")
            written += len(line) + 1
    print(f"gen_dump: {args.output}: {articles + bad} lines ({bad} bad), {written / 1e6:.1f} MB, seed {args.seed}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
