#!/usr/bin/python3
"""Checks the numpy peer's Dense and LSTM against vectors computed by real Keras (shared/keras-vectors).

    /usr/bin/python3 bench/peers/check_keras_numpy.py [SHARED_DIR]     (default: ../shared or /work/shared)

Prints one line per vector and exits non-zero on a mismatch (tolerance 1e-5); says plainly when skipped.
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import keras_numpy  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
candidates = sys.argv[1:] or [os.path.join(here, "..", "..", "..", "shared"), os.environ.get("NLP_SHARED_DIR", ""), "/work/shared"]
shared = next((c for c in candidates if c and os.path.isdir(os.path.join(c, "keras-vectors"))), None)
if shared is None:
    print("skipped: no shared/keras-vectors found")
    sys.exit(0)

failures = 0
for group, layer, build in [("core", "Dense", keras_numpy.Dense), ("recurrent", "LSTM", keras_numpy.Lstm)]:
    vectors = json.load(open(os.path.join(shared, "keras-vectors", group, layer + ".json")))
    models = json.load(open(os.path.join(shared, "keras-vectors", group, layer + ".models.json")))
    for key, v in vectors.items():
        if key not in models:
            continue
        configs = [l["config"] for l in models[key]["config"]["layers"] if l["class_name"] == layer]
        config = dict(configs[0])
        if config.get("return_sequences") or config.get("go_backwards") or config.get("stateful") or config.get("use_bias") is False:
            continue
        config.setdefault("activation", "tanh" if layer == "LSTM" else "linear")
        weights = [np.asarray(w["data"], dtype=np.float32).reshape(w["shape"]) for w in v["weights"]]
        x = np.asarray(v["input"]["data"], dtype=np.float32).reshape([1] + v["input"]["shape"])
        y = build(config, weights)(x)
        expected = np.asarray(v["expected"]["data"], dtype=np.float32).reshape([1] + v["expected"]["shape"])
        err = float(np.abs(y - expected).max())
        ok = err <= 1e-5
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {key}: max |numpy - keras| = {err:.2e}")
print(f"{'all match' if failures == 0 else f'{failures} mismatches'}")
sys.exit(1 if failures else 0)
