#!/usr/bin/python3
"""Times the numpy/OpenBLAS forward pass of the benchmark models (the in-process Python peer).

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/peers/numpy_forward.py [OUT_DIR]

OUT_DIR (default bench/out) holds models/ and inputs/ from bench/models/make_bench_models.py. The models are
loaded from the same files the service reads (architecture text, h5py weights, pickles); the inputs are the real
tokenizer outputs of the sample texts (count matrix for seed_dense, padded id sequences for embed_lstm).
Each case: warm-up, then timeit-style repeats (autoranged loop count, ~0.2 s each); the median is reported.
Prints the BLAS in use (threadpoolctl) on stderr and one JSON object on stdout.
"""
import io
import json
import os
import platform
import sys
import timeit
from contextlib import nullcontext, redirect_stdout

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import keras_numpy  # noqa: E402

REPEATS = 15


def blas_info():
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        np.show_config()
    try:
        from threadpoolctl import threadpool_info
        pools = threadpool_info()
    except ImportError:
        pools = "threadpoolctl not installed"
    return buffer.getvalue(), pools


def blas_threads(threads):
    if threads is None:
        return nullcontext()
    from threadpoolctl import threadpool_limits
    return threadpool_limits(limits=threads, user_api="blas")


def measure(fn, batch):
    for _ in range(50):
        fn()  # warm-up: caches, BLAS thread start, allocator
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    number = max(number, int(number * 0.2 / max(timer.timeit(number), 1e-9))) if number > 1 else number
    runs = sorted(t / number for t in timer.repeat(repeat=REPEATS, number=number))
    median_us = runs[len(runs) // 2] * 1e6
    return {"median_us_per_call": round(median_us, 2), "per_sample_us": round(median_us / batch, 3),
            "min_us_per_call": round(runs[0] * 1e6, 2), "loops": number, "repeats": REPEATS}


def resident_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def measure_load(folder, count=20):
    """keras_numpy.load_model (architecture, h5py weights, both pickles) count times, every copy kept alive."""
    import gc
    gc.collect()
    before = resident_bytes()
    kept, times = [], []
    for _ in range(count):
        start = timeit.default_timer()
        kept.append(keras_numpy.load_model(folder))
        times.append((timeit.default_timer() - start) * 1e3)
    gc.collect()
    grown = resident_bytes() - before
    warm = sorted(times[1:])
    weight_bytes = sum(a.nbytes for layer in kept[0].layers for a in vars(layer).values() if isinstance(a, np.ndarray))
    return {"what": "keras_numpy.load_model(seed_dense)", "count": count, "cold_first_load_ms": round(times[0], 2),
            "median_load_ms": round(warm[len(warm) // 2], 2), "resident_bytes_per_model": grown // count,
            "weight_bytes": int(weight_bytes), "resident_per_weight_byte": round(grown / count / weight_bytes, 3)}


def main():
    out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join("bench", "out"))
    inputs = os.path.join(out, "inputs")
    dense = keras_numpy.load_model(os.path.join(out, "models", "seed_dense"))
    lstm = keras_numpy.load_model(os.path.join(out, "models", "embed_lstm"))
    counts = np.fromfile(os.path.join(inputs, "seed_dense_counts_256x1000.f32"), dtype=np.float32).reshape(256, 1000)
    ids = np.fromfile(os.path.join(inputs, "embed_lstm_ids_256x50.i64"), dtype=np.int64).reshape(256, 50)
    dense_expected = np.fromfile(os.path.join(inputs, "seed_dense_outputs_256x6.f32"), dtype=np.float32).reshape(256, 6)
    lstm_expected = np.fromfile(os.path.join(inputs, "embed_lstm_outputs_256x6.f32"), dtype=np.float32).reshape(256, 6)
    with open(os.path.join(inputs, "texts.json")) as f:
        texts = json.load(f)

    # The forward pass used for timing must give the reference outputs (batch 1 differs from batch 256 only by BLAS
    # blocking, hence the tolerance).
    for x, model, expected in [(counts, dense, dense_expected), (ids, lstm, lstm_expected)]:
        for n in (1, 32, 256):
            err = float(np.abs(model.forward(x[:n]) - expected[:n]).max())
            if err > 1e-5:
                raise SystemExit(f"forward mismatch at batch {n}: {err}")

    config, pools = blas_info()
    print("numpy " + np.__version__ + ", python " + platform.python_version(), file=sys.stderr)
    print(config, file=sys.stderr)
    print("threadpoolctl: " + json.dumps(pools, indent=1), file=sys.stderr)

    one_text = texts[:1]
    load_before = os.getloadavg()
    cases = {}
    # OpenBLAS's default (one thread per core) and one thread: on a small, shared machine either can win.
    for threads in (None, 1):
        suffix = "" if threads is None else f"_threads{threads}"
        with blas_threads(threads):
            for n in (1, 32, 256):
                x = np.ascontiguousarray(counts[:n])
                cases[f"seed_dense_b{n}{suffix}"] = measure(lambda x=x: dense.forward(x), n)
            seq = np.ascontiguousarray(ids[:1])
            cases[f"embed_lstm_b1{suffix}"] = measure(lambda: lstm.forward(seq), 1)
    # With the Python tokenizer in front (what a request also pays), for context.
    cases["seed_dense_b1_tokenize_and_forward"] = measure(lambda: dense.forward(dense.vectorize(one_text)), 1)
    cases["embed_lstm_b1_tokenize_and_forward"] = measure(lambda: lstm.forward(lstm.vectorize(one_text)), 1)

    load = measure_load(os.path.join(out, "models", "seed_dense"))
    blas = pools[0] if isinstance(pools, list) and pools else {}
    print(json.dumps({"peer": "numpy", "numpy": np.__version__,
                      "blas": {k: blas.get(k) for k in ("internal_api", "version", "architecture", "num_threads", "filepath")},
                      "env": {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS")},
                      "loadavg_before": [round(x, 2) for x in load_before],
                      "loadavg_after": [round(x, 2) for x in os.getloadavg()],
                      "cases": cases, "load": load}, indent=2))


if __name__ == "__main__":
    main()
