"""Writes the articles tests/bench/run_serve posts as Lua data for serve_load.lua:
every corpus .txt file (text/plain) and every line of the corpus .jsonl dumps
(application/json), as Lua long strings."""
import glob
import os
import sys

root, out = sys.argv[1], sys.argv[2]
bodies = []
for path in sorted(glob.glob(os.path.join(root, "corpus", "*.txt"))):
    bodies.append(("text/plain", os.path.splitext(os.path.basename(path))[0], open(path, encoding="utf-8").read()))
for path in sorted(glob.glob(os.path.join(root, "corpus", "*.jsonl"))):
    stem = os.path.splitext(os.path.basename(path))[0]
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        if line.strip():
            bodies.append(("application/json", f"{stem}-{n}", line.strip()))


def long_string(s):
    level = 0
    while ("]" + "=" * level + "]") in s:
        level += 1
    eq = "=" * level
    # A long string drops a newline right after its opening bracket: add one to keep a leading newline.
    return f"[{eq}[\n{s}]{eq}]"


with open(out, "w", encoding="utf-8") as fh:
    fh.write("bodies = {\n")
    for kind, ident, body in bodies:
        fh.write(f'  {{"{kind}", "{ident}", {long_string(body)}}},\n')
    fh.write("}\n")
print(len(bodies))
