#!/usr/bin/env bash
# Requests/s, server CPU per request and resident memory of three builds of the same Api, in alternating turns: the
# JIT build that run_http_bench.sh measures (`dotnet build`), a framework-dependent ReadyToRun publish, and the
# self-contained composite ReadyToRun publish of deploy/Dockerfile (ADR-008). Each publish has its own --artifacts-path
# (the two ReadyToRun builds of one runtime identifier must not share obj/). Per run: start on MODELS_DIR with
# micro-batching on, 12 s of wrk warm-up, then a 10 s wrk run (16 connections, POST /noauth/predict) with the server's
# user+system CPU time read around it. Order per round: jit, r2r, composite, composite, r2r, jit, ... Only 127.0.0.1.
#
#   bench/http/compare_builds.sh [MODELS_DIR] [MODEL] [env NAME=VALUE ...]   (defaults: bench/out/models seed_dense)
#   ROUNDS=N (default 3) rounds of the three builds; CONNECTIONS=N (default 16) wrk's connections.
set -uo pipefail
source "$(dirname "$0")/api_bench_common.sh"
rounds=${ROUNDS:-3}
port=${PORT:-18097}
work=$(mktemp -d /tmp/nlp-builds.XXXXXX)
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
pid=""

echo "== building: JIT (bin/Release), framework-dependent ReadyToRun, composite ReadyToRun (as deploy/Dockerfile)"
dotnet build -c Release "$repo/src/Nlp.Api" -v q -nologo > "$work/build_jit.log" 2>&1 || { tail -20 "$work/build_jit.log"; exit 1; }
publish() {  # NAME ARGS...
  local name=$1; shift
  (cd "$repo" && dotnet publish src/Nlp.Api/Nlp.Api.csproj -c Release -o "$work/$name" --artifacts-path "$work/artifacts_$name" \
    "$@" -v q -nologo > "$work/publish_$name.log" 2>&1) || { tail -20 "$work/publish_$name.log"; exit 1; }
}
publish r2r --use-current-runtime --self-contained false -p:PublishReadyToRun=true -p:UseAppHost=false
publish composite --use-current-runtime --self-contained true -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true
declare -A folder=([jit]="$repo/src/Nlp.Api" [r2r]="$work/r2r" [composite]="$work/composite")
declare -A command=([jit]="dotnet bin/Release/net10.0/Nlp.Api.dll" [r2r]="dotnet Nlp.Api.dll" [composite]="./Nlp.Api")

measure() {  # BUILD
  API_DIR=${folder[$1]} API_COMMAND=${command[$1]} start_api "$port" "$work/$1.log" \
    Prediction__MicroBatching__Enabled=true Prediction__MicroBatching__MaxDelay=00:00:00
  wait_and_warm_up
  measure_cpu "$1"
  kill "$pid"; wait "$pid" 2>/dev/null; pid=""
}

for round in $(seq 1 "$rounds"); do
  if (( round % 2 )); then order=(jit r2r composite); else order=(composite r2r jit); fi
  for build in "${order[@]}"; do measure "$build"; done
done
