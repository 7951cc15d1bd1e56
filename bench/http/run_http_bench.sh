#!/usr/bin/env bash
# HTTP benchmark, side by side: our Api and the Flask peer (bench/peers/run_flask.sh) serve the same model folder on
# 127.0.0.1; each is warmed up, then wrk POSTs /noauth/predict at 16 and 64 connections for DURATION seconds with
# --latency. Prints requests/s, p50 and p99 for each side and their ratio, writes bench/out/results/http_*.txt, stops
# both servers. Only 127.0.0.1; fixed durations; every process it starts is stopped by its own id on exit.
#
#   bench/http/run_http_bench.sh [MODELS_DIR] [MODEL]      (defaults: bench/out/models seed_dense)
#   env: API_PORT (18080) FLASK_PORT (18081) DURATION (10) WARMUP (5) SIDES ("api flask") TEXT (the request text)
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
models=$(cd "${1:-$repo/bench/out/models}" && pwd) || { echo "models folder missing: run bench/models/make_bench_models.py" >&2; exit 2; }
model=${2:-seed_dense}
api_port=${API_PORT:-18080}
flask_port=${FLASK_PORT:-18081}
duration=${DURATION:-10}
warmup=${WARMUP:-5}
sides=${SIDES:-api flask}
text=${TEXT:-Hi there, good morning! Could you tell me the weather for tomorrow please?}
results="$repo/bench/out/results"
mkdir -p "$results"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
report="$results/http_${model}_${stamp}.txt"
export WRK_BODY
WRK_BODY=$(/usr/bin/python3 -c 'import json,sys; print(json.dumps({"modelIdentifier": sys.argv[1], "text": sys.argv[2]}))' "$model" "$text")

pids=()
stop_all() {
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
  done
}
trap stop_all EXIT

wait_ready() { # url name
  for _ in $(seq 1 240); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' --data "$WRK_BODY" "$1" || true)
    [ "$code" = "200" ] && return 0
    sleep 0.5
  done
  echo "$2 did not answer 200 at $1 (last status $code)" >&2
  return 1
}

declare -A url
if [[ " $sides " == *" api "* ]]; then
  echo "== building and starting the Api on 127.0.0.1:$api_port (Models__Path=$models)"
  if dotnet build -c Release "$repo/src/Nlp.Api" -v q -nologo > "$results/api_build_${stamp}.log" 2>&1; then
    # = dotnet run -c Release --project src/Nlp.Api -- --urls ..., but the built app itself (exec, content root the
    # project folder as dotnet run has it), so that the pid we stop is the server and not a launcher.
    (cd "$repo/src/Nlp.Api" && Models__Path="$models" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
      exec dotnet bin/Release/net10.0/Nlp.Api.dll --urls "http://127.0.0.1:$api_port") \
      > "$results/api_${stamp}.log" 2>&1 &
    pids+=($!)
    url[api]="http://127.0.0.1:$api_port/noauth/predict"
  else
    echo "   the Api does not build yet (see $results/api_build_${stamp}.log): measuring the other side only"
  fi
fi
if [[ " $sides " == *" flask "* ]]; then
  echo "== starting the Flask peer (gunicorn, 2 workers) on 127.0.0.1:$flask_port"
  "$repo/bench/peers/run_flask.sh" "$models/$model" "$flask_port" > "$results/flask_${stamp}.log" 2>&1 &
  pids+=($!)
  url[flask]="http://127.0.0.1:$flask_port/noauth/predict"
fi

for side in api flask; do
  [ -n "${url[$side]:-}" ] || continue
  if ! wait_ready "${url[$side]}" "$side"; then unset "url[$side]"; continue; fi
  echo "== $side answers: $(curl -s -X POST -H 'Content-Type: application/json' --data "$WRK_BODY" "${url[$side]}")"
done

# wrk output -> "rps p50_ms p99_ms errors"
summarise() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { err += $NF }
    /Socket errors:/ { gsub(",", ""); err += $4 + $6 + $8 + $10 }
    END { printf "%.0f %.3f %.3f %d\n", rps, p50, p99, err }'
}

declare -A result
{
  echo "# HTTP POST /noauth/predict, model $model, ${duration}s per run, wrk 1 thread, $(date -u +%FT%TZ)"
  echo "# body: $WRK_BODY"
  echo "# $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$report"
for side in api flask; do
  [ -n "${url[$side]:-}" ] || continue
  wrk -t1 -c16 -d"${warmup}s" -s "$repo/bench/http/post_predict.lua" "${url[$side]}" > /dev/null 2>&1
  for connections in 16 64; do
    out=$(wrk -t1 -c"$connections" -d"${duration}s" --timeout 5s --latency -s "$repo/bench/http/post_predict.lua" "${url[$side]}" 2>&1)
    echo "$out" >> "$results/wrk_${side}_${connections}_${stamp}.txt"
    result[$side,$connections]=$(echo "$out" | summarise)
    echo "# $side c=$connections: ${result[$side,$connections]} (rps p50_ms p99_ms errors); load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$report"
  done
done

{
  echo
  printf '| connections | ours req/s | ours p50 ms | ours p99 ms | Flask req/s | Flask p50 ms | Flask p99 ms | req/s ratio (ours/Flask) |\n'
  printf '|---:|---:|---:|---:|---:|---:|---:|---:|\n'
  for connections in 16 64; do
    read -r a_rps a_p50 a_p99 a_err <<< "${result[api,$connections]:-- - - -}"
    read -r f_rps f_p50 f_p99 f_err <<< "${result[flask,$connections]:-- - - -}"
    ratio=$(awk -v a="$a_rps" -v f="$f_rps" 'BEGIN { if (a ~ /^[0-9.]+$/ && f ~ /^[0-9.]+$/ && f > 0) printf "%.1fx", a / f; else print "-" }')
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$connections" "$a_rps" "$a_p50" "$a_p99" "$f_rps" "$f_p50" "$f_p99" "$ratio"
    [ "${a_err:-0}" != "-" ] && [ "${a_err:-0}" -gt 0 ] && echo "  (ours: $a_err failed requests at $connections connections)"
    [ "${f_err:-0}" != "-" ] && [ "${f_err:-0}" -gt 0 ] && echo "  (Flask: $f_err failed requests at $connections connections)"
  done
} | tee -a "$report"
echo "report: $report"
