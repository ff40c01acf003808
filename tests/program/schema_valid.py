"""Every record newsdeal writes for the corpus (and the seed) is valid against the
article schema in ../shared/schema (JSON Schema 2020-12, checked with python3-jsonschema)."""
import json
import os

from _helpers import SOURCE, batch, expect, finish, need_shared

import jsonschema

schema_path = need_shared("schema/article.schema.json")
with open(schema_path, encoding="utf-8") as fh:
    schema = json.load(fh)
# The schema's relative $id ("newsdeal.article/1") is no URI that jsonschema can
# resolve "#/$defs/..." against; drop it so references resolve within the document.
schema.pop("$id", None)
validator = jsonschema.Draft202012Validator(schema)

inputs = [os.path.join(SOURCE, "corpus")]
seed = os.path.join(os.path.dirname(schema_path), "..", "seed", "qimuai-3902.txt")
if os.path.exists(seed):
    inputs.append(seed)
recs, proc = batch(*inputs)
expect(len(recs) >= 7, f"expected at least 7 records, got {len(recs)}")
for r in recs:
    errors = sorted(validator.iter_errors(r), key=lambda e: list(e.path))
    for e in errors[:5]:
        expect(False, f"{r.get('id')}: {'/'.join(map(str, e.path))}: {e.message}")
    expect(r["schema"] == "newsdeal.article/1", f"{r.get('id')}: not an article record: {r.get('error')}")
finish(f"{len(recs)} records valid")
