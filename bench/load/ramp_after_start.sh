#!/usr/bin/env bash
# How fast a fresh process serves once it is ready: starts a published Api (PUBLISH_DIR holding the apphost Nlp.Api,
# e.g. the composite ReadyToRun publish of deploy/Dockerfile) on a copy of MODEL_FOLDER with Models:EagerLoad=true and
# the given NAME=VALUE variables, waits for /health/ready, then runs wrk for SECONDS one-second windows (16 connections,
# POST /noauth/predict with one text) and prints, per second, requests/s, p99 latency and the runtime's JIT time and
# compiled methods so far (from /metrics). Only 127.0.0.1; the process is stopped at the end.
#
#   bench/load/ramp_after_start.sh PUBLISH_DIR MODEL_FOLDER [SECONDS] [NAME=VALUE ...]   (SECONDS defaults to 10)
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
publish=$(cd "$1" && pwd); folder=$(cd "$2" && pwd); seconds=${3:-10}
shift 2; [ $# -gt 0 ] && shift
port=${PORT:-18095}
work=$(mktemp -d /tmp/nlp-ramp.XXXXXX)
mkdir -p "$work/models" && cp -r "$folder" "$work/models/"
model=$(basename "$folder")
export WRK_BODY="{\"modelIdentifier\":\"$model\",\"text\":\"hello there how are you doing today\"}"
(cd "$publish" && exec env "$@" ASPNETCORE_ENVIRONMENT=Production Models__Path="$work/models" Models__EagerLoad=true \
  Models__WatchForChanges=false Logging__LogLevel__Default=Warning ./Nlp.Api --urls "http://127.0.0.1:$port") > "$work/api.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 400); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && break; sleep 0.05; done
curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" || { echo "not ready in 20 s, see the log:"; cat "$work/api.log"; exit 1; }
echo "# $model on $(nproc) cores, $*"
for second in $(seq 1 "$seconds"); do
  out=$(wrk -t1 -c16 -d1s --latency -s "$repo/bench/http/post_predict.lua" "http://127.0.0.1:$port/noauth/predict")
  jit=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^dotnet_jit_compilation_time_seconds_total/ {t=$2} /^dotnet_jit_compiled_methods_total/ {m=$2} END {printf "JIT %.2f s, %d methods", t, m}')
  echo "$out" | awk -v s="$second" -v jit="$jit" '/Requests\/sec/ {rps=$2} / 99%/ {p99=$2} END {printf "second %d: %.0f requests/s, p99 %s, %s\n", s, rps, p99, jit}'
done
