#!/usr/bin/env bash
# The authenticated route's latency over a long run, and what the authorization server spends meanwhile: starts a
# published Nlp.Identity (IDENTITY_DIR, as deploy/Dockerfile.identity builds it) and a published Api (PUBLISH_DIR with
# the apphost Nlp.Api) in Auth:Mode=External on a copy of MODEL_FOLDER, takes a token, warms /auth/predict up for 20 s
# at 16 connections, then runs MEASURE (default 50) seconds more with `wrk --latency` while `pidstat` samples both
# processes' CPU. A 50 s run from 20 s after the token's first use spans its introspection answer's renewal (1 minute by
# default). Needs wrk and pidstat (Debian sysstat). Only 127.0.0.1; both processes are stopped at the end.
#
#   IDENTITY_DIR=DIR bench/http/auth_latency_probe.sh PUBLISH_DIR MODEL_FOLDER [NAME=VALUE ...]   (variables for the Api)
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
publish=$(cd "$1" && pwd); folder=$(cd "$2" && pwd); shift 2
identity=$(cd "${IDENTITY_DIR:?set IDENTITY_DIR to a publish of Nlp.Identity}" && pwd)
measure=${MEASURE:-50}
port=${PORT:-18131}; issuer="http://127.0.0.1:$((port + 1))"
work=$(mktemp -d /tmp/nlp-auth-probe.XXXXXX)
mkdir -p "$work/models" && cp -r "$folder" "$work/models/"
model=$(basename "$folder")
secret="bench-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')"
(cd "$identity" && exec env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  ConnectionStrings__Identity="Data Source=$work/issuer.db" Identity__Issuer="$issuer/" \
  Identity__Clients__0__ClientId=bench Identity__Clients__0__ClientSecret="$secret" Identity__Clients__0__Scopes__0=profile \
  Identity__Clients__1__ClientId=nlp-api Identity__Clients__1__ClientSecret="api-$secret" \
  dotnet Nlp.Identity.dll --urls "$issuer") > "$work/identity.log" 2>&1 &
identity_pid=$!
trap 'kill $identity_pid ${pid:-} 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 600); do curl -sf -o /dev/null "$issuer/.well-known/openid-configuration" && break; sleep 0.1; done
(cd "$publish" && exec env "$@" Auth__Mode=External Auth__Authority="$issuer/" Auth__ClientId=nlp-api \
  Auth__ClientSecret="api-$secret" ASPNETCORE_ENVIRONMENT=Production Models__Path="$work/models" Models__EagerLoad=true \
  Logging__LogLevel__Default=Warning ./Nlp.Api --urls "http://127.0.0.1:$port") > "$work/api.log" 2>&1 &
pid=$!
for _ in $(seq 1 400); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && break; sleep 0.05; done
token=$(curl -s "$issuer/oauth/token" -d grant_type=client_credentials -d client_id=bench -d client_secret="$secret" \
  -d scope=profile | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
[ -n "$token" ] || { echo "no token; the logs:"; cat "$work/api.log" "$work/identity.log"; exit 1; }
export WRK_BODY="{\"modelIdentifier\":\"$model\",\"text\":\"hello there how are you doing today\"}"
run() { wrk -t1 -c16 -d"$1"s "${@:2}" -s "$repo/bench/http/post_predict.lua" -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$port/auth/predict"; }
run 20 > /dev/null
pidstat -u -p "$pid,$identity_pid" 2 $((measure / 2)) > "$work/pidstat.txt" &
sampler=$!
echo "# $model, $(nproc) cores, External mode, $*: /auth/predict at 16 connections for $measure s after 20 s"
run "$measure" --latency | grep -E "Latency|50%|90%|99%|Requests/sec"
wait "$sampler"
echo "# CPU (pidstat averages; 'dotnet' is Nlp.Identity)"
grep '^Average' "$work/pidstat.txt"
