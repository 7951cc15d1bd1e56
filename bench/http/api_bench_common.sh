# Sourced (with the caller's arguments) by cpu_per_request.sh, profile_api.sh and compare_builds.sh: their shared arguments
# [MODELS_DIR] [MODEL] [env NAME=VALUE ...] (defaults: bench/out/models seed_dense), the request body, starting the
# built Api (Release) on 127.0.0.1, and waiting for it to answer before a 12 s warm-up under wrk.
# CONNECTIONS=N (default 16) sets wrk's connections; TEXTS=FILE (a JSON list of texts, e.g. bench/out/inputs/texts.json)
# sends those texts in turn, one per request, instead of the one sample text. API_SCHED=normal starts the Api under the
# default scheduling policy instead of SCHED_BATCH (as deploy/Dockerfile starts it; ADR-016).
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
models=$(cd "${1:-$repo/bench/out/models}" && pwd) || exit 2
model=${2:-seed_dense}
shift $(( $# >= 2 ? 2 : $# ))
api_env=("$@")
connections=${CONNECTIONS:-16}
export WRK_BODY
WRK_BODY=$(/usr/bin/python3 -c 'import json,sys; print(json.dumps({"modelIdentifier": sys.argv[1], "text": "Hi there, good morning! Could you tell me the weather for tomorrow please?"}))' "$model")
export WRK_BODIES=
if [ -n "${TEXTS:-}" ]; then
  mkdir -p "$repo/bench/out/results"
  WRK_BODIES="$repo/bench/out/results/bodies_${model}.txt"
  /usr/bin/python3 "$repo/bench/http/write_bodies.py" "$model" "$TEXTS" "$WRK_BODIES" > /dev/null || exit 2
fi

# api_launcher: what starts the Api's command, as deploy/Dockerfile does: `chrt --batch 0` (Linux's SCHED_BATCH policy,
# ADR-016), or nothing with API_SCHED=normal (the default policy).
api_launcher() {
  case "${API_SCHED:-batch}" in
    batch) echo "chrt --batch 0" ;;
    normal) ;;
    *) echo "API_SCHED must be batch or normal, not '$API_SCHED'" >&2; return 2 ;;
  esac
}

# start_api PORT LOG [NAME=VALUE ...]: the Api with the caller's variables and these; sets pid and url. API_DIR and
# API_COMMAND choose another build (defaults: src/Nlp.Api and its Release build, `dotnet bin/Release/.../Nlp.Api.dll`);
# API_SCHED its scheduling policy (api_launcher).
start_api() {
  local port=$1 log=$2 launcher
  shift 2
  launcher=$(api_launcher) || exit 2
  # shellcheck disable=SC2086
  (cd "${API_DIR:-$repo/src/Nlp.Api}" && exec env "${api_env[@]}" "$@" Models__Path="$models" ASPNETCORE_ENVIRONMENT=Production \
    Logging__LogLevel__Default=Warning $launcher ${API_COMMAND:-dotnet bin/Release/net10.0/Nlp.Api.dll} --urls "http://127.0.0.1:$port") > "$log" 2>&1 &
  pid=$!
  url="http://127.0.0.1:$port/noauth/predict"
}

# wait_and_warm_up: until url answers 200 (20 s at most), then 12 s of wrk.
wait_and_warm_up() {
  for _ in $(seq 1 80); do curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' --data "$WRK_BODY" "$url" && break; sleep 0.25; done
  wrk -t1 -c"$connections" -d12s -s "$repo/bench/http/post_predict.lua" "$url" > /dev/null
}

# measure_cpu LABEL: a 10 s wrk run against url with the server's (pid) user+system CPU time read around it; prints
# requests/s, cores used, CPU µs per request and the server's resident memory.
measure_cpu() {
  local before after out rss
  before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  out=$(wrk -t1 -c"$connections" -d10s -s "$repo/bench/http/post_predict.lua" "$url")
  after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
  echo "$out" | awk -v a="$before" -v b="$after" -v hz="$(getconf CLK_TCK)" -v what="$1" -v rss="$rss" '
    /requests in/ { n = $1 } /Requests\/sec/ { rps = $2 }
    END { cpu = (b - a) / hz; printf "%s: %s req/s, server %.2f cores, %.1f µs CPU per request, %.0f MiB resident\n", what, rps, cpu / 10, cpu * 1e6 / n, rss / 1024 }'
}
