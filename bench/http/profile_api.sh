#!/usr/bin/env bash
# Where the Api's CPU goes under load: starts the built Api (Release) on MODELS_DIR with perf maps on, warms it up
# with wrk for 12 s, then records `perf` call graphs of the server for 7 s under wrk (16 connections, POST
# /noauth/predict) and prints the inclusive share of the main stages (our kernels, the forward pass, the Mediator
# pipeline, the endpoint, Kestrel, the thread pool). Needs `perf` (Debian linux-perf) and wrk. Only 127.0.0.1.
#
#   bench/http/profile_api.sh [MODELS_DIR] [MODEL] [env NAME=VALUE ...]   (defaults: bench/out/models seed_dense)
#   KEEP=FILE keeps the whole `perf report` (inclusive and self share of every symbol) in FILE.
#   CONNECTIONS=N (default 16) sets wrk's connections; TEXTS=FILE sends a JSON list of texts in turn (api_bench_common.sh).
set -uo pipefail
source "$(dirname "$0")/api_bench_common.sh"
port=${PORT:-18093}
work=$(mktemp -d /tmp/nlp-profile.XXXXXX)
start_api "$port" "$work/api.log" DOTNET_EnableWriteXorExecute=0 DOTNET_PerfMapEnabled=1
trap 'kill $pid 2>/dev/null; [ -n "${KEEP:-}" ] && cp "$work/report.txt" "$KEEP"; rm -rf "$work"' EXIT
wait_and_warm_up
wrk -t1 -c"$connections" -d10s -s "$repo/bench/http/post_predict.lua" "$url" > "$work/wrk.txt" &
sleep 1
perf record -F 2999 -g -p "$pid" -o "$work/perf.data" -- sleep 7 > /dev/null 2>&1
sleep 3
grep 'Requests/sec' "$work/wrk.txt"
perf report -i "$work/perf.data" --children --sort sym -q -g none 2>/dev/null > "$work/report.txt"
/usr/bin/python3 - "$work/report.txt" <<'PY'
import re, sys
stages = [
    ("thread-pool work items (all request handling)", r"ThreadPoolWorkQueue::Dispatch\(\)"),
    ("Kestrel request loop", r"HttpProtocol\+<ProcessRequests>"),
    ("middleware from the exception handler in", r"ExceptionHandlerMiddlewareImpl::Invoke"),
    ("the prediction endpoint", r"PredictionEndpoints\+(Handlers\+)?<PostPredictAsync>"),
    ("the Mediator pipeline (behaviours, handler)", r"Mediator::Send"),
    ("the model's PredictBatch (tokenize, forward, rank)", r"KerasTextClassifier::PredictBatch"),
    ("the forward pass", r"CompiledNetwork::Run\("),
    ("matrix kernels", r"PanelProduct::RunPanel"),
    ("request body read + parse", r"JsonBodyReader\+<ReadAsync>"),
    ("response write", r"WireJsonResult`1\[.*ExecuteAsync|JsonHttpResult`1\[.*ExecuteAsync"),
]
lines = open(sys.argv[1]).read().splitlines()
for name, rx in stages:
    best = 0.0
    for line in lines:
        m = re.match(r"\s*([\d.]+)%\s+([\d.]+)%", line)
        if m and re.search(rx, line):
            best = max(best, float(m.group(1)))
    print(f"{best:6.2f}%  {name}")
kernel = sum(float(m.group(2)) for line in lines if (m := re.match(r"\s*([\d.]+)%\s+([\d.]+)%\s+\[k\]", line)))
print(f"{kernel:6.2f}%  operating-system kernel (self time: sockets, scheduling)")
PY
