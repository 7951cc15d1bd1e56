#!/usr/bin/env bash
# CPU the server spends per request: starts the built Api (Release, env NAME=VALUE ... applied) on MODELS_DIR, warms it
# up with wrk for 12 s, then reads the server's user+system CPU time (/proc/PID/stat) around a 10 s wrk run (16
# connections, POST /noauth/predict) and prints requests/s, cores used and CPU µs per request. With CEILING=1 it
# measures bench/http/ceiling (Kestrel answering a fixed JSON) instead. Only 127.0.0.1.
#
#   bench/http/cpu_per_request.sh [MODELS_DIR] [MODEL] [env NAME=VALUE ...]   (defaults: bench/out/models seed_dense)
#   CONNECTIONS=N (default 16) sets wrk's connections; TEXTS=FILE sends a JSON list of texts in turn (api_bench_common.sh).
set -uo pipefail
source "$(dirname "$0")/api_bench_common.sh"
port=${PORT:-18094}
log=$(mktemp /tmp/nlp-cpu.XXXXXX)
if [ "${CEILING:-0}" = 1 ]; then
  dotnet build -c Release "$repo/bench/http/ceiling" -v q -nologo > "$log" 2>&1 || { cat "$log"; exit 1; }
  (cd "$repo/bench/http/ceiling" && exec dotnet bin/Release/net10.0/Nlp.HttpCeiling.dll --urls "http://127.0.0.1:$port") > "$log" 2>&1 &
  pid=$!
  url="http://127.0.0.1:$port/noauth/predict"
else
  start_api "$port" "$log"
fi
trap 'kill $pid 2>/dev/null; rm -f "$log"' EXIT
wait_and_warm_up
measure_cpu "$([ "${CEILING:-0}" = 1 ] && echo ceiling || echo "api ${api_env[*]}")"
