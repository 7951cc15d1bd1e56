#!/usr/bin/python3
"""Writes the request bodies of the HTTP benchmarks, one JSON body per line (post_predict.lua's WRK_BODIES).

    /usr/bin/python3 bench/http/write_bodies.py MODEL TEXTS_JSON OUT

TEXTS_JSON holds a JSON list of texts (bench/out/inputs/texts.json: the 256 sample texts every in-process benchmark
uses); each becomes {"modelIdentifier": MODEL, "text": TEXT}.
"""
import json
import sys

if len(sys.argv) != 4:
    sys.exit(__doc__)
model, texts_path, out_path = sys.argv[1:]
with open(texts_path, encoding="utf-8") as f:
    texts = json.load(f)
if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
    sys.exit(f"{texts_path}: expected a non-empty JSON list of strings")
with open(out_path, "w", encoding="utf-8") as f:
    for text in texts:
        f.write(json.dumps({"modelIdentifier": model, "text": text}) + "\n")
print(f"{len(texts)} bodies -> {out_path}")
