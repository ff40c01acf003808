"""The command line: --help and --version tell the truth, usage errors exit 2,
extract reads files and stdin, and the seed article gets its sections and languages."""
import os

from _helpers import SHARED, expect, finish, records, run

h = run("--help")
expect(h.returncode == 0, "--help failed")
for sub in (b"extract", b"batch", b"check"):
    expect(sub in h.stdout, f"--help does not list {sub.decode()}")
v = run("--version")
expect(v.returncode == 0 and v.stdout.startswith(b"newsdeal "), f"--version printed {v.stdout!r}")
# The allocator the build linked (CMakeLists.txt: mimalloc, or libc under the
# sanitizers) is the one that serves malloc: --version asks it.
allocator = os.environ.get("NEWSDEAL_ALLOCATOR")
if allocator:
    line = [l for l in v.stdout.decode().splitlines() if l.startswith("allocator: ")]
    expect(line and line[0].split()[1] == allocator, f"expected allocator {allocator}, --version says {line}")
expect(run().returncode == 2, "no subcommand should exit 2")
expect(run("frobnicate").returncode == 2, "an unknown subcommand should exit 2")
expect(run("extract").returncode == 2, "extract without a file should exit 2")
expect(run("batch", "--no-such-flag", "x").returncode == 2, "an unknown flag should exit 2")

p = run("extract", "-", stdin="OpenAI agreed to use Trainium.\n".encode())
expect(p.returncode == 0, f"extract - exit {p.returncode}: {p.stderr!r}")
recs = records(p.stdout)
expect(len(recs) == 1 and recs[0]["id"] == "stdin" and recs[0]["langs"] == ["en"], f"stdin record: {recs}")
expect(recs and recs[0]["sections"][0]["name"] == "body", "plain text should have one body section")

# --gazetteer adds entries at run time; --rules replaces a built-in file; a bad
# rule file stops the program at load naming file and line.
import tempfile
with tempfile.TemporaryDirectory() as d:
    gaz = os.path.join(d, "extra.tsv")
    open(gaz, "w", encoding="utf-8").write("id\tname\tzh\taliases\tparent\tcategory\n"
                                         "zorbital\tZorbital\t佐比塔\t\t\tneocloud\n")
    text = "Zorbital signed a deal with Microsoft. 佐比塔与微软签署协议。\n".encode()
    p = run("extract", "--gazetteer", gaz, "-", stdin=text)
    keys = {e.get("key") for e in records(p.stdout)[0]["entities"]}
    expect({"zorbital", "microsoft"} <= keys, f"--gazetteer entry not found: {keys}")
    plain = {e.get("key") for e in records(run("extract", "-", stdin=text).stdout)[0]["entities"]}
    expect("zorbital" not in plain, "the extra entry leaks into runs without --gazetteer")

    os.makedirs(os.path.join(d, "rules", "en"))
    bad = os.path.join(d, "rules", "en", "money.rules")
    open(bad, "w", encoding="utf-8").write("rule: broken\npattern: (unclosed\nvalue: x\n")
    p = run("extract", "--rules", os.path.join(d, "rules"), "-", stdin=text)
    expect(p.returncode == 2, f"a bad rule file should exit 2, got {p.returncode}")
    expect(f"{bad}:2:".encode() in p.stderr, f"the error should name {bad}:2, got {p.stderr!r}")

    open(bad, "w", encoding="utf-8").write(
        "rule: zorbs\npattern: (?P<v>\\d+) zorbs\nvalue: v\ncurrency: USD\nexample: {12 zorbs} => 12 currency=USD\n")
    p = run("extract", "--rules", os.path.join(d, "rules"), "-", stdin=b"Acme paid 12 zorbs and $5 million.\n")
    money = [e["value"]["min"] for e in records(p.stdout)[0]["entities"] if e["type"] == "money"]
    expect(money == [12], f"--rules should replace en/money.rules (only zorbs count), got {money}")

seed = os.path.join(SHARED, "seed", "qimuai-3902.txt")
if os.path.exists(seed):
    p = run("extract", seed)
    expect(p.returncode == 0, f"extract seed exit {p.returncode}")
    r = records(p.stdout)[0]
    expect(r["id"] == "qimuai-3902", f"seed id {r['id']}")
    expect([s["name"] for s in r["sections"]] == ["title", "summary", "translation", "source"],
           f"seed sections {[s['name'] for s in r['sections']]}")
    expect(r["langs"] == ["zh", "en"], f"seed langs {r['langs']}")
    expect([s["lang"] for s in r["sections"]] == ["zh", "zh", "zh", "en"], "seed section languages")
    expect(r["source"]["url"] == "https://news.qimuai.cn/?post=3902", "seed url from the footer")
    expect(r["title"].startswith("Meta签署数十亿美元协议"), "seed title")
    text = open(seed, "rb").read()
    src = r["sections"][3]
    expect(text[src["start"]:src["end"]].startswith(b"Facebook parent Meta"), "source section starts at its text")
    expect(text[src["start"]:src["end"]].endswith(b"earlier this year."), "source section ends before the footer")
finish()
