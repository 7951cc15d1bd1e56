#!/usr/bin/env bash
# What the bearer token costs: starts a published Api (PUBLISH_DIR holding the apphost Nlp.Api, e.g. the composite
# publish of deploy/Dockerfile; Embedded auth, a fresh SQLite identity store, one seeded client) on a copy of
# MODEL_FOLDER, takes a client-credentials token, warms both routes up with wrk for WARM (default 10) s each, then for 1 and 16
# connections measures POST /auth/predict (with the token) and POST /noauth/predict for 8 s each: requests/s, p50,
# p99 and the server's CPU time per request (/proc/PID/stat). Only 127.0.0.1; the process is stopped at the end.
#
# WINDOWS=N instead prints the authenticated route's ramp from ready: N 10-second windows at 16 connections.
# IDENTITY_DIR=DIR (a publish of Nlp.Identity, as deploy/Dockerfile.identity builds it) measures External mode instead:
# that server on its own port and SQLite store issues the token, the Api validates it with Auth:Mode=External
# (the split topology of deploy/docker-compose.split.yml without the balancer). Only the Api's CPU is counted.
# The Api starts under SCHED_BATCH as deploy/Dockerfile starts it (ADR-016); API_SCHED=normal: the default policy.
#
#   bench/http/auth_predict_cost.sh PUBLISH_DIR MODEL_FOLDER [NAME=VALUE ...]
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
publish=$(cd "$1" && pwd); folder=$(cd "$2" && pwd); shift 2
port=${PORT:-18098}
work=$(mktemp -d /tmp/nlp-auth-cost.XXXXXX)
mkdir -p "$work/models" && cp -r "$folder" "$work/models/"
model=$(basename "$folder")
secret="bench-secret-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
clients=(Identity__Clients__0__ClientId=bench Identity__Clients__0__ClientSecret="$secret" Identity__Clients__0__Scopes__0=profile)
issuer="http://127.0.0.1:$port"
auth_env=()
identity_pid=
if [ -n "${IDENTITY_DIR:-}" ]; then  # External mode: a separate Nlp.Identity issues the tokens
  identity_port=$((port + 1)); issuer="http://127.0.0.1:$identity_port"
  api_secret="api-$secret"
  (cd "$IDENTITY_DIR" && exec env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    ConnectionStrings__Identity="Data Source=$work/issuer.db" Identity__Issuer="$issuer/" "${clients[@]}" \
    Identity__Clients__1__ClientId=nlp-api Identity__Clients__1__ClientSecret="$api_secret" \
    dotnet Nlp.Identity.dll --urls "$issuer") > "$work/identity.log" 2>&1 &
  identity_pid=$!
  for _ in $(seq 1 600); do curl -sf -o /dev/null "$issuer/.well-known/openid-configuration" && break; sleep 0.1; done
  auth_env=(Auth__Mode=External Auth__Authority="$issuer/" Auth__ClientId=nlp-api Auth__ClientSecret="$api_secret")
fi
# As deploy/Dockerfile starts it: under SCHED_BATCH (ADR-016), unless API_SCHED=normal.
launcher=(chrt --batch 0)
[ "${API_SCHED:-batch}" = normal ] && launcher=()
(cd "$publish" && exec env "$@" "${auth_env[@]}" ASPNETCORE_ENVIRONMENT=Production Models__Path="$work/models" Models__EagerLoad=true \
  Logging__LogLevel__Default=Warning ConnectionStrings__Identity="Data Source=$work/identity.db" "${clients[@]}" \
  "${launcher[@]}" ./Nlp.Api --urls "http://127.0.0.1:$port") > "$work/api.log" 2>&1 &
pid=$!
trap 'kill $pid $identity_pid 2>/dev/null; wait $pid $identity_pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 400); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && break; sleep 0.05; done
token=$(curl -s "$issuer/oauth/token" -d grant_type=client_credentials -d client_id=bench \
  -d client_secret="$secret" -d scope=profile | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
[ -n "$token" ] || { echo "no token; the logs:"; cat "$work/api.log" "$work/identity.log" 2>/dev/null; exit 1; }
export WRK_BODY="{\"modelIdentifier\":\"$model\",\"text\":\"hello there how are you doing today\"}"
run() {  # route connections seconds
  wrk -t1 -c"$2" -d"$3"s --latency -s "$repo/bench/http/post_predict.lua" -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$port/$1/predict"
}
if [ -n "${WINDOWS:-}" ]; then  # the authenticated route's ramp from ready: WINDOWS 10 s windows at 16 connections
  echo "# $model, $(nproc) cores, ${IDENTITY_DIR:+External mode, }$*: /auth/predict from ready, 10 s windows"
  for window in $(seq 1 "$WINDOWS"); do
    before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    out=$(run auth 16 10)
    after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    echo "$out" | awk -v w="$window" -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" '
      / 99%/ {p99=$2} /Requests\/sec/ {rps=$2}
      END {printf "window %d: %.0f requests/s, p99 %s, %.1f µs of server CPU per request\n", w, rps, p99, t / hz / (rps * 10) * 1e6}'
  done
  exit 0
fi
warm=${WARM:-10}
run auth 16 "$warm" >/dev/null; run noauth 16 "$warm" >/dev/null
echo "# $model, $(nproc) cores, ${IDENTITY_DIR:+External mode (issuer $issuer), }$*"
for connections in 1 16; do
  for route in auth noauth; do
    before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    out=$(run "$route" "$connections" 8)
    after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    echo "$out" | awk -v r="/$route/predict" -v c="$connections" -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" '
      / 50%/ {p50=$2} / 99%/ {p99=$2} /Requests\/sec/ {rps=$2} /Non-2xx/ {bad=$NF}
      END {printf "%s c=%d: %.0f requests/s, p50 %s, p99 %s, %.1f µs of server CPU per request%s\n", r, c, rps, p50, p99,
           t / hz / (rps * 8) * 1e6, bad ? ", non-2xx " bad : ""}'
  done
done
