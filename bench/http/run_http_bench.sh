#!/usr/bin/env bash
# HTTP benchmark, side by side: our Api (default settings; and "api_batching": with Prediction:MicroBatching on,
# MaxDelay 0) and the Flask peer (bench/peers/run_flask.sh) serve the same model folder on 127.0.0.1 ("ceiling":
# bench/http/ceiling, Kestrel answering a fixed JSON with no model, shows what the machine allows); each is warmed
# up, then wrk POSTs /noauth/predict at 16 and 64 connections for DURATION seconds with --latency. Prints requests/s,
# p50 and p99 for each side and the ratio to Flask, writes bench/out/results/http_*.txt, stops the servers. Only
# 127.0.0.1; fixed durations; every process it starts is stopped by its own id on exit.
#
#   bench/http/run_http_bench.sh [MODELS_DIR] [MODEL]      (defaults: bench/out/models seed_dense)
#   env: API_PORT (18080; api_batching uses API_PORT+2, ceiling API_PORT+4) FLASK_PORT (18081) DURATION (10) WARMUP (15: the Api's
#        tiered JIT settles after ~10 s under load) SIDES ("api api_batching flask ceiling") TEXT (the request text)
#        TEXTS (a JSON list of texts, e.g. bench/out/inputs/texts.json: every side gets them in turn, one per request,
#        instead of TEXT every time)
#        ROUNDS (1: each side measured once; N: the sides take turns N times and the table shows each side's median round,
#        then each round's ratio to Flask)
#        The Api sides start under Linux's SCHED_BATCH policy, as deploy/Dockerfile starts the Api (ADR-016); the
#        optional sides api_normal and api_batching_normal (API_PORT+6, +8) are the same under the default policy. The
#        Flask peer and the ceiling app run under the default policy.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
models=$(cd "${1:-$repo/bench/out/models}" && pwd) || { echo "models folder missing: run bench/models/make_bench_models.py" >&2; exit 2; }
model=${2:-seed_dense}
api_port=${API_PORT:-18080}
flask_port=${FLASK_PORT:-18081}
duration=${DURATION:-10}
warmup=${WARMUP:-15}
sides=${SIDES:-api api_batching flask ceiling}
rounds=${ROUNDS:-1}
text=${TEXT:-Hi there, good morning! Could you tell me the weather for tomorrow please?}
results="$repo/bench/out/results"
mkdir -p "$results"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
report="$results/http_${model}_${stamp}.txt"
export WRK_BODY
WRK_BODY=$(/usr/bin/python3 -c 'import json,sys; print(json.dumps({"modelIdentifier": sys.argv[1], "text": sys.argv[2]}))' "$model" "$text")
export WRK_BODIES=
if [ -n "${TEXTS:-}" ]; then
  WRK_BODIES="$results/bodies_${model}_${stamp}.txt"
  /usr/bin/python3 "$repo/bench/http/write_bodies.py" "$model" "$TEXTS" "$WRK_BODIES" || exit 2
fi

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
start_api() { # side port env...
  local side=$1 port=$2 launcher="chrt --batch 0"
  shift 2
  [[ "$side" == *_normal ]] && launcher=
  echo "== starting the Api ($side) on 127.0.0.1:$port (Models__Path=$models $*)"
  # = dotnet run -c Release --project src/Nlp.Api -- --urls ..., but the built app itself (exec, content root the
  # project folder as dotnet run has it), so that the pid we stop is the server and not a launcher.
  # Under SCHED_BATCH as deploy/Dockerfile starts it (ADR-016); the *_normal sides under the default policy.
  # shellcheck disable=SC2086
  (cd "$repo/src/Nlp.Api" && exec env "$@" Models__Path="$models" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    $launcher dotnet bin/Release/net10.0/Nlp.Api.dll --urls "http://127.0.0.1:$port") \
    > "$results/${side}_${stamp}.log" 2>&1 &
  pids+=($!)
  url[$side]="http://127.0.0.1:$port/noauth/predict"
}
if [[ " $sides " == *" api"* ]]; then
  echo "== building the Api"
  if dotnet build -c Release "$repo/src/Nlp.Api" -v q -nologo > "$results/api_build_${stamp}.log" 2>&1; then
    [[ " $sides " == *" api "* ]] && start_api api "$api_port" Prediction__MicroBatching__Enabled=false
    [[ " $sides " == *" api_batching "* ]] && start_api api_batching "$((api_port + 2))" \
      Prediction__MicroBatching__Enabled=true Prediction__MicroBatching__MaxDelay=00:00:00
    [[ " $sides " == *" api_normal "* ]] && start_api api_normal "$((api_port + 6))" Prediction__MicroBatching__Enabled=false
    [[ " $sides " == *" api_batching_normal "* ]] && start_api api_batching_normal "$((api_port + 8))" \
      Prediction__MicroBatching__Enabled=true Prediction__MicroBatching__MaxDelay=00:00:00
  else
    echo "   the Api does not build (see $results/api_build_${stamp}.log): measuring the other side only"
  fi
fi
if [[ " $sides " == *" ceiling "* ]]; then
  # The machine's ceiling for this request shape: Kestrel answering a fixed JSON, nothing else (bench/http/ceiling).
  echo "== starting the ceiling app on 127.0.0.1:$((api_port + 4))"
  if dotnet build -c Release "$repo/bench/http/ceiling" -v q -nologo > "$results/ceiling_build_${stamp}.log" 2>&1; then
    (cd "$repo/bench/http/ceiling" && exec dotnet bin/Release/net10.0/Nlp.HttpCeiling.dll --urls "http://127.0.0.1:$((api_port + 4))") \
      > "$results/ceiling_${stamp}.log" 2>&1 &
    pids+=($!)
    url[ceiling]="http://127.0.0.1:$((api_port + 4))/noauth/predict"
  fi
fi
if [[ " $sides " == *" flask "* ]]; then
  echo "== starting the Flask peer (gunicorn, 2 workers) on 127.0.0.1:$flask_port"
  "$repo/bench/peers/run_flask.sh" "$models/$model" "$flask_port" > "$results/flask_${stamp}.log" 2>&1 &
  pids+=($!)
  url[flask]="http://127.0.0.1:$flask_port/noauth/predict"
fi

all_sides="api api_batching api_normal api_batching_normal flask ceiling"
for side in $all_sides; do
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
  echo "# HTTP POST /noauth/predict, model $model, ${duration}s per run, $rounds round(s), wrk 1 thread, $(date -u +%FT%TZ)"
  if [ -n "$WRK_BODIES" ]; then
    echo "# bodies: the $(wc -l < "$WRK_BODIES") texts of $TEXTS in turn, one per request (e.g. $(head -n 1 "$WRK_BODIES"))"
  else
    echo "# body: $WRK_BODY"
  fi
  echo "# $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$report"
for side in $all_sides; do
  [ -n "${url[$side]:-}" ] || continue
  wrk -t1 -c16 -d"${warmup}s" -s "$repo/bench/http/post_predict.lua" "${url[$side]}" > /dev/null 2>&1
done
# ROUNDS > 1: the sides take turns, round after round, so each is measured in the same stretch of minutes as its
# peer; the table shows each side's median round (by requests/s).
for round in $(seq 1 "$rounds"); do
  for side in $all_sides; do
    [ -n "${url[$side]:-}" ] || continue
    for connections in 16 64; do
      out=$(wrk -t1 -c"$connections" -d"${duration}s" --timeout 5s --latency -s "$repo/bench/http/post_predict.lua" "${url[$side]}" 2>&1)
      echo "$out" >> "$results/wrk_${side}_${connections}_${stamp}.txt"
      result[$side,$connections,$round]=$(echo "$out" | summarise)
      echo "# round $round $side c=$connections: ${result[$side,$connections,$round]} (rps p50_ms p99_ms errors); load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$report"
    done
  done
done
for side in $all_sides; do
  for connections in 16 64; do
    [ -n "${result[$side,$connections,1]:-}" ] || continue
    result[$side,$connections]=$(for round in $(seq 1 "$rounds"); do echo "${result[$side,$connections,$round]}"; done \
      | sort -n -k1,1 | awk '{ line[NR] = $0 } END { print line[int((NR + 1) / 2)] }')
  done
done

{
  echo
  [ "$rounds" -gt 1 ] && echo "(each side's median round of $rounds)"
  printf '| side | connections | req/s | p50 ms | p99 ms | req/s ÷ Flask |\n'
  printf '|---|---:|---:|---:|---:|---:|\n'
  for side in $all_sides; do
    for connections in 16 64; do
      read -r rps p50 p99 err <<< "${result[$side,$connections]:-- - - -}"
      read -r f_rps _ _ _ <<< "${result[flask,$connections]:-- - - -}"
      ratio=$(awk -v a="$rps" -v f="$f_rps" 'BEGIN { if (a ~ /^[0-9.]+$/ && f ~ /^[0-9.]+$/ && f > 0) printf "%.1fx", a / f; else print "-" }')
      [ "$rps" = "-" ] && continue
      printf '| %s | %s | %s | %s | %s | %s |\n' "$side" "$connections" "$rps" "$p50" "$p99" "$ratio"
      [ "${err:-0}" != "-" ] && [ "${err:-0}" -gt 0 ] && echo "  ($side: $err failed requests at $connections connections)"
    done
  done
  # With rounds, each round's ratio to the Flask run next to it (the median rounds above may come from different minutes).
  if [ "$rounds" -gt 1 ] && [ -n "${result[flask,16,1]:-}" ]; then
    echo
    printf '| side | ratio to Flask per round, 16 connections | 64 connections |\n|---|---:|---:|\n'
    for side in $all_sides; do
      [ "$side" = flask ] || [ -z "${result[$side,16,1]:-}" ] && continue
      line="| $side |"
      for connections in 16 64; do
        ratios=""
        for round in $(seq 1 "$rounds"); do
          read -r rps _ _ _ <<< "${result[$side,$connections,$round]}"
          read -r f_rps _ _ _ <<< "${result[flask,$connections,$round]}"
          ratios+=$(awk -v a="$rps" -v f="$f_rps" 'BEGIN { if (a ~ /^[0-9.]+$/ && f ~ /^[0-9.]+$/ && f > 0) printf " %.1fx", a / f; else printf " -" }')
        done
        line+="$ratios |"
      done
      echo "$line"
    done
  fi
} | tee -a "$report"
echo "report: $report"
