# Sourced (with the caller's arguments) by cpu_per_request.sh and profile_api.sh: their shared arguments
# [MODELS_DIR] [MODEL] [env NAME=VALUE ...] (defaults: bench/out/models seed_dense), the request body, starting the
# built Api (Release) on 127.0.0.1, and waiting for it to answer before a 12 s warm-up under wrk.
# CONNECTIONS=N (default 16) sets wrk's connections.
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
models=$(cd "${1:-$repo/bench/out/models}" && pwd) || exit 2
model=${2:-seed_dense}
shift $(( $# >= 2 ? 2 : $# ))
api_env=("$@")
connections=${CONNECTIONS:-16}
export WRK_BODY
WRK_BODY=$(/usr/bin/python3 -c 'import json,sys; print(json.dumps({"modelIdentifier": sys.argv[1], "text": "Hi there, good morning! Could you tell me the weather for tomorrow please?"}))' "$model")

# start_api PORT LOG [NAME=VALUE ...]: the Api with the caller's variables and these; sets pid and url.
start_api() {
  local port=$1 log=$2
  shift 2
  (cd "$repo/src/Nlp.Api" && exec env "${api_env[@]}" "$@" Models__Path="$models" ASPNETCORE_ENVIRONMENT=Production \
    Logging__LogLevel__Default=Warning dotnet bin/Release/net10.0/Nlp.Api.dll --urls "http://127.0.0.1:$port") > "$log" 2>&1 &
  pid=$!
  url="http://127.0.0.1:$port/noauth/predict"
}

# wait_and_warm_up: until url answers 200 (20 s at most), then 12 s of wrk.
wait_and_warm_up() {
  for _ in $(seq 1 80); do curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' --data "$WRK_BODY" "$url" && break; sleep 0.25; done
  wrk -t1 -c"$connections" -d12s -s "$repo/bench/http/post_predict.lua" "$url" > /dev/null
}
