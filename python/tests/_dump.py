"""A generated dump for the Dask tests: JSONL articles about compute deals (our
own sentences, varied by seed), with bad ones mixed in, and a folder of single
files of other kinds. Small enough to run in seconds, large enough to cut into
several partitions."""
import gzip
import json
import os
import random

BUYERS = ["Meta", "Tesla", "OpenAI", "Anthropic", "Apple", "xAI", "Microsoft", "Amazon"]
VENDORS = ["Nvidia", "AMD", "Broadcom", "Oracle", "Google Cloud", "CoreWeave", "Intel"]
ZH_BUYERS = ["字节跳动", "阿里巴巴", "腾讯", "百度", "小米"]
ZH_VENDORS = ["英伟达", "华为", "甲骨文", "微软"]

EN_TEMPLATES = [
    "{b} agreed to rent {v} GPUs for ${n} billion over {y} years.",
    "{b} signed a ${n} billion deal with {v} for AI computing capacity.",
    "{b} will buy chips from {v} in an agreement worth about ${n} billion, people familiar said.",
    "Shares rose after {b} said it would spend ${n} billion on {v} servers this year.",
]
ZH_TEMPLATES = [
    "{b}与{v}签署了价值{n}亿美元的算力协议,期限{y}年。",
    "{b}宣布向{v}采购AI芯片,总额约{n}0亿元人民币。",
]
FILLER = [
    "Analysts expect demand for data-centre capacity to keep growing.",
    "The company did not comment on the terms.",
    "Earlier this month it cut 300 jobs in its hardware unit.",
    "相关人士表示,该交易仍需监管部门批准。",
]


def article(rng, n):
    if rng.random() < 0.3:
        body = rng.choice(ZH_TEMPLATES).format(b=rng.choice(ZH_BUYERS), v=rng.choice(ZH_VENDORS),
                                               n=rng.randint(1, 90), y=rng.randint(2, 9))
        lang = "zh"
    else:
        body = rng.choice(EN_TEMPLATES).format(b=rng.choice(BUYERS), v=rng.choice(VENDORS),
                                               n=rng.randint(1, 90), y=rng.randint(2, 9))
        lang = "en"
    text = body + "\n\n" + " ".join(rng.sample(FILLER, 2))
    a = {"text": text, "title": f"Deal report {n}", "lang": lang,
         "url": f"https://news.example.test/{n}", "published": f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}"}
    if rng.random() < 0.8:  # the rest get "<file>:<line>" ids: line numbers must survive partitioning
        a["id"] = f"a{n}"
    return a


def write_jsonl_dump(path, count, seed=9, max_article_bytes=None):
    """Writes `count` lines (articles, bad lines, some blank lines between);
    returns the number of lines that are articles or errors (blank ones are not)."""
    rng = random.Random(seed)
    lines = 0
    with open(path, "wb") as f:
        for n in range(count):
            r = rng.random()
            if r < 0.04:
                f.write(b'{"id": "broken-%d", "text": "cut off\n' % n)  # not JSON
            elif r < 0.07:
                f.write(b'{"id": "bad-utf8-%d", "text": "caf\xe9 \xff"}\n' % n)  # invalid UTF-8
            elif r < 0.10:
                f.write(json.dumps({"id": f"notext-{n}", "title": "headline only"}).encode() + b"\n")
            elif r < 0.12 and max_article_bytes:
                f.write(json.dumps({"id": f"huge-{n}", "text": "x" * (max_article_bytes + 10)}).encode() + b"\n")
            elif r < 0.14:
                f.write(b"[1, 2, 3]\n")  # JSON, not an object
            else:
                f.write(json.dumps(article(rng, n), ensure_ascii=False).encode("utf-8") + b"\n")
            lines += 1
            if rng.random() < 0.02:
                f.write(b"\n")  # blank: no article, but it counts as a line
    return lines


def write_folder(folder, seed=10):
    """Files of other kinds, each one partition: text, HTML, gzip JSONL, an empty
    file and one with invalid UTF-8. Returns how many articles they hold."""
    rng = random.Random(seed)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "memo.txt"), "w", encoding="utf-8") as f:
        f.write("Chip supply pact\n\n" + article(rng, 1)["text"])
    with open(os.path.join(folder, "page.html"), "w", encoding="utf-8") as f:
        f.write("<html><head><title>x</title></head><body><p>" + article(rng, 2)["text"] + "</p></body></html>")
    with gzip.open(os.path.join(folder, "small.jsonl.gz"), "wt", encoding="utf-8") as f:
        for n in range(3, 8):
            a = article(rng, n)
            a["id"] = f"gz{n}"  # distinct from the dump's ids
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    open(os.path.join(folder, "empty.txt"), "wb").close()
    with open(os.path.join(folder, "latin1.txt"), "wb") as f:
        f.write(b"Nvidia \xff\xfe\x00 sold chips")
    return 2 + 5 + 1 + 1


def check_job(outdir, model_path, reference_lines, reference_model, dump_path):
    """What a finished Dask job must have given: parts part-00000.. in order, no
    temporary files, their lines byte for byte the reference (`newsdeal batch`),
    every article exactly once, ids "<file>:<line>" at the lines they name, and
    the reference model. Returns the number of parts."""
    names = sorted(os.listdir(outdir))
    assert names == [f"part-{i:05d}.jsonl" for i in range(len(names))], names
    data = b"".join(open(os.path.join(outdir, n), "rb").read() for n in names)
    lines = data.decode("utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), "an article appears more than once"
    assert lines == reference_lines
    with open(dump_path, "rb") as f:
        dump = f.read().split(b"\n")
    stem = os.path.basename(dump_path).rsplit(".", 1)[0]
    numbered = [(int(r["id"].split(":")[1]), r) for r in records if r["id"].startswith(stem + ":")]
    assert any(r["schema"] == "newsdeal.article/1" for _, r in numbered), "the dump has articles without ids"
    for n, r in numbered:  # "<file>:<line>" ids name the line they came from
        line = dump[n - 1]
        if r["schema"] == "newsdeal.article/1":
            assert "id" not in json.loads(line) and r["title"] == json.loads(line)["title"], f"{stem}:{n}"
        else:
            assert line.strip() and r["error"].startswith(f"{dump_path}:{n}: "), f"{stem}:{n}"
    with open(model_path, encoding="utf-8") as f:
        assert f.read() == reference_model
    return len(names)
