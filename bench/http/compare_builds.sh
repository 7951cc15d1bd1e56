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
  local build=$1 log="$work/$1.log"
  # shellcheck disable=SC2086
  (cd "${folder[$build]}" && exec env "${api_env[@]}" Prediction__MicroBatching__Enabled=true Prediction__MicroBatching__MaxDelay=00:00:00 \
    Models__Path="$models" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning ${command[$build]} \
    --urls "http://127.0.0.1:$port") > "$log" 2>&1 &
  pid=$!
  url="http://127.0.0.1:$port/noauth/predict"
  wait_and_warm_up
  local before after out rss
  before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  out=$(wrk -t1 -c"$connections" -d10s -s "$repo/bench/http/post_predict.lua" "$url")
  after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null; pid=""
  echo "$out" | awk -v a="$before" -v b="$after" -v hz="$(getconf CLK_TCK)" -v what="$build" -v rss="$rss" '
    /requests in/ { n = $1 } /Requests\/sec/ { rps = $2 }
    END { cpu = (b - a) / hz; printf "%-9s %s req/s, %.1f µs CPU per request, %.0f MiB resident\n", what, rps, cpu * 1e6 / n, rss / 1024 }'
}

for round in $(seq 1 "$rounds"); do
  if (( round % 2 )); then order=(jit r2r composite); else order=(composite r2r jit); fi
  for build in "${order[@]}"; do measure "$build"; done
done
