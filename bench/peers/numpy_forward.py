#!/usr/bin/python3
"""Times the numpy/OpenBLAS forward pass of the benchmark models (the in-process Python peer).

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/peers/numpy_forward.py [OUT_DIR] [--dotnet DLL]

OUT_DIR (default bench/out) holds models/ and inputs/ from bench/models/make_bench_models.py. The models are
loaded from the same files the service reads (architecture text, h5py weights, pickles); the inputs are the real
tokenizer outputs of the sample texts (count matrix for seed_dense, padded id sequences for embed_lstm).
Each case: warm-up, a timeit-style loop count (~0.1 s per repeat), then 21 repeats taken in rounds across all cases
(so every case sees the same moments of a shared machine); the median and the minimum per call are reported.
With --dotnet bench/Nlp.Benchmarks/bin/Release/net10.0/Nlp.Benchmarks.dll, each round also runs one round of the
.NET side (ONNX Runtime; ours when built with the engine) in its own process, so the peers are timed side by side.
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

REPEATS = 21


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


class DotnetRounds:
    """The .NET side (ONNX Runtime, and our engine when built with it) as `Nlp.Benchmarks rounds`: one round per call."""

    def __init__(self, dll):
        import subprocess
        self.process = subprocess.Popen(["dotnet", dll, "rounds"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.checks = []
        for line in self.process.stdout:
            if line.startswith("//"):
                self.checks.append(line[2:].strip())
                continue
            self.loops = json.loads(line)["ready"]
            break
        else:
            raise SystemExit("Nlp.Benchmarks rounds ended before it was ready")
        self.runs = {name: [] for name in self.loops}

    def round(self):
        self.process.stdin.write("round\n")
        self.process.stdin.flush()
        for name, us in json.loads(self.process.stdout.readline()).items():
            self.runs[name].append(us)

    def close(self):
        self.process.stdin.write("quit\n")
        self.process.stdin.flush()
        self.process.wait(timeout=60)
        report = {}
        for name, runs in self.runs.items():
            r = sorted(runs)
            batch = int(name.split("_b")[-1].split("_")[0])
            report[name] = {"median_us_per_call": r[len(r) // 2], "per_sample_us": round(r[len(r) // 2] / batch, 3),
                            "min_us_per_call": r[0], "loops": self.loops[name], "repeats": len(r)}
        return {"checks": self.checks, "cases": report}


def measure_interleaved(cases, repeats=REPEATS, seconds=0.1, dotnet=None):
    """cases: {name: (fn, batch, threads)}. Calibrates a loop count per case (~seconds per repeat), then runs the
    repeats in rounds, every case once per round (and one round of the .NET side), so that all cases see the same
    moments of a shared machine."""
    timers = {}
    for name, (fn, batch, threads) in cases.items():
        with blas_threads(threads):
            for _ in range(50):
                fn()  # warm-up: caches, BLAS threads, allocator
            timer = timeit.Timer(fn)
            number, elapsed = timer.autorange()
            number = max(1, int(number * seconds / max(elapsed, 1e-9)))
        timers[name] = (timer, number)
    runs = {name: [] for name in cases}
    for _ in range(repeats):
        for name, (fn, batch, threads) in cases.items():
            timer, number = timers[name]
            with blas_threads(threads):
                runs[name].append(timer.timeit(number) / number)
        if dotnet is not None:
            dotnet.round()
    report = {}
    for name, (fn, batch, threads) in cases.items():
        r = sorted(runs[name])
        median_us = r[len(r) // 2] * 1e6
        report[name] = {"median_us_per_call": round(median_us, 2), "per_sample_us": round(median_us / batch, 3),
                        "min_us_per_call": round(r[0] * 1e6, 2), "loops": timers[name][1], "repeats": repeats,
                        "blas_threads": threads or "default"}
    return report


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
    import argparse
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", default=os.path.join("bench", "out"))
    parser.add_argument("--dotnet", metavar="DLL", help="Nlp.Benchmarks.dll: interleave its rounds (ONNX Runtime, ours)")
    args = parser.parse_args()
    out = os.path.abspath(args.out)
    inputs = os.path.join(out, "inputs")
    dense = keras_numpy.load_model(os.path.join(out, "models", "seed_dense"))
    lstm = keras_numpy.load_model(os.path.join(out, "models", "embed_lstm"))
    counts = np.fromfile(os.path.join(inputs, "seed_dense_counts_256x1000.f32"), dtype=np.float32).reshape(256, 1000)
    ids = np.fromfile(os.path.join(inputs, "embed_lstm_ids_256x50.i64"), dtype=np.int64).reshape(256, 50)
    dense_expected = np.fromfile(os.path.join(inputs, "seed_dense_outputs_256x6.f32"), dtype=np.float32).reshape(256, 6)
    lstm_expected = np.fromfile(os.path.join(inputs, "embed_lstm_outputs_256x6.f32"), dtype=np.float32).reshape(256, 6)
    # One text that fills the 50 steps (the sample texts are padded in front; this one has no padding).
    full_ids = np.fromfile(os.path.join(inputs, "embed_lstm_full_ids_1x50.i64"), dtype=np.int64).reshape(1, 50)
    full_expected = np.fromfile(os.path.join(inputs, "embed_lstm_full_outputs_1x6.f32"), dtype=np.float32).reshape(1, 6)
    if float(np.abs(lstm.forward(full_ids) - full_expected).max()) > 1e-5:
        raise SystemExit("forward mismatch: embed_lstm_full")
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
    # OpenBLAS's default (one thread per core) and one thread: on a small, shared machine either can win.
    plan = {}
    for threads in (None, 1):
        suffix = "" if threads is None else f"_threads{threads}"
        for n in (1, 32, 256):
            x = np.ascontiguousarray(counts[:n])
            plan[f"seed_dense_b{n}{suffix}"] = (lambda x=x: dense.forward(x), n, threads)
        seq = np.ascontiguousarray(ids[:1])
        plan[f"embed_lstm_b1{suffix}"] = (lambda seq=seq: lstm.forward(seq), 1, threads)
        plan[f"embed_lstm_full_b1{suffix}"] = (lambda: lstm.forward(full_ids), 1, threads)
    # With the Python tokenizer in front (what a request also pays), for context.
    plan["seed_dense_b1_tokenize_and_forward"] = (lambda: dense.forward(dense.vectorize(one_text)), 1, None)
    plan["embed_lstm_b1_tokenize_and_forward"] = (lambda: lstm.forward(lstm.vectorize(one_text)), 1, None)
    dotnet = DotnetRounds(args.dotnet) if args.dotnet else None
    cases = measure_interleaved(plan, dotnet=dotnet)
    dotnet_report = dotnet.close() if dotnet else None

    load = measure_load(os.path.join(out, "models", "seed_dense"))
    blas = pools[0] if isinstance(pools, list) and pools else {}
    print(json.dumps({"peer": "numpy", "numpy": np.__version__,
                      "blas": {k: blas.get(k) for k in ("internal_api", "version", "architecture", "num_threads", "filepath")},
                      "env": {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS")},
                      "loadavg_before": [round(x, 2) for x in load_before],
                      "loadavg_after": [round(x, 2) for x in os.getloadavg()],
                      "cases": cases, "load": load, "dotnet": dotnet_report}, indent=2))


if __name__ == "__main__":
    main()
