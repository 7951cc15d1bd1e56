#!/usr/bin/python3
"""Puts the measured figures side by side as markdown tables (for docs/benchmarks.md), with ratios ours / peer.

    /usr/bin/python3 bench/report.py [OUT_DIR]        (default bench/out)

Reads OUT_DIR/results/: numpy.json (bench/peers/numpy_forward.py), bdn/results/*-report-full.json (BenchmarkDotNet:
ONNX Runtime and, when built with the engine, ours), load_*.json (load mode of Nlp.Benchmarks) and the newest
http_MODEL_*.txt of each model (bench/http/run_http_bench.sh). A figure that was not measured is printed as "pending", never guessed.
Ratios are against the faster setting of each peer (OpenBLAS / ONNX Runtime with default threads or with one).
"""
import glob
import json
import os
import sys

out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join("bench", "out"))
results = os.path.join(out, "results")


def load_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        return None


def bdn_medians(statistic="Median"):
    """{(type, method, batch): (statistic in µs, bytes allocated)} from BenchmarkDotNet's full JSON reports."""
    medians = {}
    for path in glob.glob(os.path.join(results, "bdn", "results", "*-report-full.json")):
        for b in load_json(path)["Benchmarks"]:
            params = dict(p.split("=", 1) for p in b["Parameters"].split("&") if "=" in p)
            batch = int(params.get("Batch", "1"))
            method = b["Method"] + (f" ({params['Model']})" if "Model" in params else "")
            medians[(b["Type"], method, batch)] = (b["Statistics"][statistic] / 1000.0,
                                                        b["Memory"]["BytesAllocatedPerOperation"])
    return medians


def fmt(us):
    return "pending" if us is None else (f"{us:.1f}" if us < 1000 else f"{us:,.0f}")


def ratio(ours, peer):
    return "pending" if ours is None or peer is None else f"{ours / peer:.2f}x"


ROWS = [("seed_dense", "SeedDenseForwardBenchmarks", 1), ("seed_dense", "SeedDenseForwardBenchmarks", 32),
        ("seed_dense", "SeedDenseForwardBenchmarks", 256), ("embed_lstm", "EmbedLstmForwardBenchmarks", 1),
        ("embed_lstm_full", "EmbedLstmFullForwardBenchmarks", 1)]


def forward_rows(lookup):
    """lookup(side, model, batch, one_thread) -> µs or None; side in numpy, onnx, engine. Ratios are against the
    faster setting of each peer; ours is shown with its default (kernels may use every core) and with one thread."""
    print("| forward pass | batch | ours µs (default / 1 thread) | numpy/OpenBLAS µs (default / 1 thread) | ours ÷ numpy "
          "(default / 1 thread) | ONNX Runtime µs (default / 1 thread) | ours ÷ ONNX RT (default / 1 thread) | "
          "per sample µs: ours (default / 1 thread) / numpy / ONNX RT |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for model, _, batch in ROWS:
        np_default, np_one = lookup("numpy", model, batch, False), lookup("numpy", model, batch, True)
        ort_default, ort_one = lookup("onnx", model, batch, False), lookup("onnx", model, batch, True)
        ours, ours_one = lookup("engine", model, batch, False), lookup("engine", model, batch, True)
        np_best = min((v for v in (np_default, np_one) if v is not None), default=None)
        ort_best = min((v for v in (ort_default, ort_one) if v is not None), default=None)
        per = lambda v: "pending" if v is None else f"{v / batch:.2f}"  # noqa: E731
        print(f"| {model} | {batch} | {fmt(ours)} / {fmt(ours_one)} | {fmt(np_default)} / {fmt(np_one)} | "
              f"{ratio(ours, np_best)} / {ratio(ours_one, np_best)} | {fmt(ort_default)} / {fmt(ort_one)} | "
              f"{ratio(ours, ort_best)} / {ratio(ours_one, ort_best)} | {per(ours)} / {per(ours_one)} / {per(np_best)} / {per(ort_best)} |")


def interleaved_table(key):
    numpy = load_json(os.path.join(results, "numpy.json"))
    dotnet = (numpy or {}).get("dotnet") or {"cases": {}}

    def lookup(side, model, batch, one_thread):
        suffix = "_threads1" if one_thread else ""
        if side == "numpy":
            case = (numpy or {"cases": {}})["cases"].get(f"{model}_b{batch}{suffix}")
        else:
            case = dotnet["cases"].get(f"{side}_{model}_b{batch}{suffix}")
        return case[key] if case else None

    forward_rows(lookup)
    if numpy and key == "median_us_per_call":
        print()
        print(f"numpy {numpy['numpy']}, OpenBLAS {numpy['blas']['version']} kernel {numpy['blas']['architecture']}, "
              f"{numpy['blas']['num_threads']} threads by default; 1-minute load average {numpy['loadavg_before'][0]} before, "
              f"{numpy['loadavg_after'][0]} after.")
        for case in ("seed_dense_b1_tokenize_and_forward", "embed_lstm_b1_tokenize_and_forward"):
            if case in numpy["cases"]:
                print(f"Python peer {case}: {fmt(numpy['cases'][case]['median_us_per_call'])} µs (median), "
                      f"{fmt(numpy['cases'][case]['min_us_per_call'])} µs (minimum).")


def bdn_table():
    numpy = load_json(os.path.join(results, "numpy.json"))
    bdn = bdn_medians()
    names = {"onnx": ("OnnxRuntime", "OnnxRuntimeOneThread"), "engine": ("Engine", "EngineOneThread")}
    types = {model: bench_type for model, bench_type, _ in ROWS}

    def lookup(side, model, batch, one_thread):
        if side == "numpy":
            case = (numpy or {"cases": {}})["cases"].get(f"{model}_b{batch}{'_threads1' if one_thread else ''}")
            return case["median_us_per_call"] if case else None
        return bdn.get((types[model], names[side][one_thread], batch), (None, None))[0]

    forward_rows(lookup)
    allocated = {k: v[1] for k, v in bdn.items() if k[1] in ("Engine", "EngineOneThread")}
    if allocated:
        print("\nours, bytes allocated per call: " + ", ".join(f"{t} {m} batch {b}: {a}" for (t, m, b), a in sorted(allocated.items())))
    for (t, m, _), (us, alloc) in sorted((k, v) for k, v in bdn.items() if k[0] == "PredictTextBenchmarks"):
        print(f"ours, {m} ({t}): {fmt(us)} µs, {alloc} bytes allocated.")


def load_table():
    numpy = load_json(os.path.join(results, "numpy.json"))
    rows = [("ours (model folder through the loader)", load_json(os.path.join(results, "load_engine.json")), "working_set_bytes_per_model", "working_set_per_weight_byte"),
            ("ours, ReadyToRun publish (as deploy/Dockerfile)", load_json(os.path.join(results, "load_engine_r2r.json")), "working_set_bytes_per_model", "working_set_per_weight_byte"),
            ("ONNX Runtime session", load_json(os.path.join(results, "load_onnx.json")), "working_set_bytes_per_model", "working_set_per_weight_byte"),
            ("Python peer (keras_numpy.load_model)", numpy.get("load") if numpy else None, "resident_bytes_per_model", "resident_per_weight_byte")]
    print("| seed_dense load | cold first load ms | median load ms | resident bytes per model | ÷ weight bytes |")
    print("|---|---:|---:|---:|---:|")
    for name, r, resident, per_weight in rows:
        if r is None:
            print(f"| {name} | pending | pending | pending | pending |")
        else:
            print(f"| {name} | {r['cold_first_load_ms']} | {r['median_load_ms']} | {r[resident]:,} | {r[per_weight]} |")


def http_table():
    """The newest run_http_bench.sh report of each model, seed_dense (the issue's target) first."""
    reports = {}
    for path in sorted(glob.glob(os.path.join(results, "http_*_*.txt")), key=os.path.getmtime):
        reports[os.path.basename(path)[len("http_"):].rsplit("_", 1)[0]] = path
    if not reports:
        print("HTTP: pending (bench/http/run_http_bench.sh has not run).")
        return
    for model in sorted(reports, key=lambda m: (m != "seed_dense", m)):
        with open(reports[model]) as f:
            print(f.read().strip())
        print()


for title, table in [
        ("Forward pass, interleaved rounds (numpy_forward.py --dotnet), median per call", lambda: interleaved_table("median_us_per_call")),
        ("Forward pass, interleaved rounds, minimum per call (least disturbed by other load)", lambda: interleaved_table("min_us_per_call")),
        ("Forward pass, BenchmarkDotNet medians (ONNX Runtime, ours) beside the numpy medians", bdn_table),
        ("Model load and memory", load_table), ("HTTP", http_table)]:
    print(f"### {title}\n")
    table()
    print()
