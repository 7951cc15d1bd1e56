#!/usr/bin/env bash
# Managed memory the server allocates per request: starts the built Api (Release, env NAME=VALUE ... applied) on
# MODELS_DIR, warms it up with wrk for 12 s, then reads the runtime's allocated-bytes counter
# (dotnet_gc_heap_total_allocated_bytes_total on /metrics) around a 10 s wrk run (16 connections, POST /noauth/predict)
# and prints bytes per request (the one /metrics scrape inside the run adds a few KB in all). Unlike time, this figure repeats to the byte on any machine, so it shows what a change to the request path
# does where the CPU figures of cpu_per_request.sh scatter. Only 127.0.0.1.
#
#   bench/http/alloc_per_request.sh [MODELS_DIR] [MODEL] [env NAME=VALUE ...]   (defaults: bench/out/models seed_dense)
#   CONNECTIONS=N (default 16) sets wrk's connections; TEXTS=FILE sends a JSON list of texts in turn (api_bench_common.sh).
set -uo pipefail
source "$(dirname "$0")/api_bench_common.sh"
port=${PORT:-18096}
log=$(mktemp /tmp/nlp-alloc.XXXXXX)
start_api "$port" "$log"
trap 'kill $pid 2>/dev/null; rm -f "$log"' EXIT
wait_and_warm_up
metrics="http://127.0.0.1:$port/metrics"
allocated() { curl -sf "$metrics" | awk '/^dotnet_gc_heap_total_allocated_bytes_total/ { printf "%.0f\n", $2 }'; }
before=$(allocated)
out=$(wrk -t1 -c"$connections" -d10s -s "$repo/bench/http/post_predict.lua" "$url")
after=$(allocated)
[ -n "$before" ] && [ -n "$after" ] || { echo "no dotnet_gc_heap_total_allocated_bytes_total on $metrics" >&2; exit 1; }
echo "$out" | awk -v a="$before" -v b="$after" -v what="api ${api_env[*]}" '
  /requests in/ { n = $1 } /Requests\/sec/ { rps = $2 }
  END { printf "%s: %s req/s, %d requests, %.0f bytes allocated per request\n", what, rps, n, (b - a) / n }'
