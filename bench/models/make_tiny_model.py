#!/usr/bin/python3
"""Writes MODELS_DIR/tiny_dense: the seed_dense folder's tokenizer and label pickles in front of a tiny network
(Dense(16, relu, input 1000) - Dense(16, relu) - Dense(6, sigmoid), ~16,000 multiply-adds per text), so that an HTTP
run against it measures the service's own cost per request (HTTP, JSON, tokenizer, pipeline, metrics) with the forward
pass almost out of the way. Run bench/models/make_bench_models.py first.

    /usr/bin/python3 bench/models/make_tiny_model.py [MODELS_DIR]      (default bench/out/models)
"""
import os
import shutil
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_bench_models as bench  # noqa: E402


def main():
    models_dir = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join("bench", "out", "models"))
    source = os.path.join(models_dir, "seed_dense")
    folder = os.path.join(models_dir, "tiny_dense")
    if not os.path.isdir(source):
        sys.exit(f"{source} is missing: run bench/models/make_bench_models.py first")
    os.makedirs(folder, exist_ok=True)
    for name in ("tokenizer.pkl", "encoder.pkl"):
        shutil.copy(os.path.join(source, name), folder)
    rng = np.random.default_rng(3)
    units, layers, weights, fan_in = (16, 16, 6), [], [], 1000
    for i, (count, activation) in enumerate(zip(units, ("relu", "relu", "sigmoid")), start=1):
        name = f"dense_{i}"
        layers.append(bench.dense_config(name, count, activation, fan_in if i == 1 else None))
        kernel = bench.glorot_uniform(rng, fan_in, count)
        weights.append((name, [(f"{name}/kernel:0", kernel), (f"{name}/bias:0", np.zeros(count, np.float32))]))
        fan_in = count
    with open(os.path.join(folder, "model.yaml"), "w") as f:
        f.write(bench.sequential_json(layers))
    bench.save_weights(os.path.join(folder, "weights.h5"), weights)
    with open(os.path.join(folder, "serving.yaml"), "w") as f:
        f.write("# Written by bench/models/make_tiny_model.py.\ninput:\n  mode: count\n")
    print(folder)


if __name__ == "__main__":
    main()
