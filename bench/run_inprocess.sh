#!/usr/bin/env bash
# In-process benchmarks in one run, each beside its peer, on the same generated files:
#   1. models and inputs (bench/models/make_bench_models.py), ONNX export (bench/peers/export_onnx.py),
#      the numpy peer checked against real-Keras vectors (bench/peers/check_keras_numpy.py)
#   2. numpy/OpenBLAS peer (bench/peers/numpy_forward.py), round by round with the .NET side (Nlp.Benchmarks rounds:
#      ONNX Runtime and ours, each with default threads and with one)  -> bench/out/results/numpy.json
#   3. BenchmarkDotNet: ONNX Runtime and ours -> bench/out/results/bdn/
#   4. load time and memory per model: ONNX Runtime and ours (JIT and ReadyToRun) -> bench/out/results/load_*.json
#   5. bench/report.py prints the tables for docs/benchmarks.md
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are unset for these commands only (see docs/benchmarks.md).
#   bench/run_inprocess.sh [extra dotnet build arguments]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
out="$repo/bench/out"
mkdir -p "$out/results"
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE

echo "== machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 bench/models/make_bench_models.py "$out/models" > "$out/results/models.json"
/usr/bin/python3 bench/peers/export_onnx.py "$out"
/usr/bin/python3 bench/peers/check_keras_numpy.py

echo "== building bench/Nlp.Benchmarks $*"
dotnet build -c Release bench/Nlp.Benchmarks -nologo -v q "$@"
bin="bench/Nlp.Benchmarks/bin/Release/net10.0/Nlp.Benchmarks.dll"

echo "== numpy/OpenBLAS peer, interleaved round by round with the .NET side (ONNX Runtime and ours)"
/usr/bin/python3 bench/peers/numpy_forward.py "$out" --dotnet "$bin" > "$out/results/numpy.json" 2> "$out/results/numpy_blas.txt"
grep -E '"architecture"|"num_threads"' "$out/results/numpy.json" | head -2

echo "== BenchmarkDotNet (ONNX Runtime and ours)"
rm -rf "$out/results/bdn"
dotnet "$bin" --filter '*' > "$out/results/bdn.log" 2>&1 || { tail -40 "$out/results/bdn.log"; exit 1; }
grep -E '^// .*numpy' "$out/results/bdn.log" | sort -u

echo "== load time and memory per model"
dotnet "$bin" load onnx 20 > /dev/null
dotnet "$bin" load engine 20 > /dev/null
# The same from a ReadyToRun publish made as deploy/Dockerfile publishes the Api (self-contained, composite: ADR-008):
# the cold load without the JIT's share. Its own --artifacts-path: a self-contained and a framework-dependent
# ReadyToRun build of one runtime identifier must not share obj/.
dotnet publish -c Release bench/Nlp.Benchmarks -nologo -v q --use-current-runtime --self-contained true \
  -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true --artifacts-path "$out/artifacts_r2r" -o "$out/r2r" "$@"
NLP_BENCH_OUT="$out" "$out/r2r/Nlp.Benchmarks" load engine 20 r2r > /dev/null

echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 bench/report.py "$out"
