#!/usr/bin/env bash
# The split topology of deploy/docker-compose.split.yml, run here without Docker: local processes on 127.0.0.1.
#
#   deploy/tests/test_split_topology.sh            (as root: it runs PostgreSQL as the postgres user)
#
# What runs (each on a free loopback port, everything in a temporary folder, stopped at the end):
#   - a private PostgreSQL cluster (Debian's postgresql package: initdb + pg_ctl, never the system cluster);
#   - Nlp.Identity, published as deploy/Dockerfile.identity publishes it, with the identity service's
#     environment from docker-compose.split.yml (compose_env.py: addresses rewritten to 127.0.0.1);
#   - two Nlp.Api replicas, published as deploy/Dockerfile publishes it, with api-1/api-2's environment from
#     the compose file, the repository's models/, and Auth__RevocationCheckInterval shortened to 5 s so the
#     revocation check takes seconds, not a minute;
#   - Debian's nginx with deploy/nginx/nginx.conf, only its upstream addresses and listen port rewritten.
# What is checked:
#   1. predictions through the balancer and on each replica; both replicas take traffic (their /metrics);
#   2. under steady load (8 keep-alive clients, no client retries) replica 1 is killed (SIGKILL) and restarted;
#      once the balancer uses it again, replica 2 is stopped (SIGTERM): no request is lost (the balancer
#      retries failed requests on the other replica);
#   3. with Nlp.Identity: a client-credentials token from /oauth/token (through the balancer) works on both
#      replicas' /auth/predict; after /oauth/revoke both replicas refuse it within the revocation window.
# Parts whose prerequisites are missing in this checkout are reported as skipped, with the reason (e.g. no
# src/Nlp.Identity yet, or an API that is not wired for Auth:Mode=External).
# Last line: "split-topology: N passed, N failed, N skipped"; exit status 0 only when nothing failed.
set -uo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
here="$repo/deploy/tests"
PY=/usr/bin/python3
compose="$repo/deploy/docker-compose.split.yml"
window_s=5

passed=0 failed=0 skipped=0
pass() { passed=$((passed + 1)); echo "PASS  $*"; }
fail() { failed=$((failed + 1)); echo "FAIL  $*"; }
skip() { skipped=$((skipped + 1)); echo "SKIP  $*"; }
summary() { echo "split-topology: ${passed} passed, ${failed} failed, ${skipped} skipped"; }
finish() { summary; [ "$failed" -eq 0 ]; exit $?; }
die() { fail "$*"; finish; }

[ "$(id -u)" -eq 0 ] || { echo "run as root (PostgreSQL is started as the postgres user)"; exit 2; }
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
for tool in dotnet curl "$PY"; do command -v "$tool" >/dev/null || die "missing tool: $tool"; done
[ -x "$nginx_bin" ] || die "nginx is not installed (apt-get install nginx-light)"
$PY -c 'import yaml' 2>/dev/null || die "python3-yaml is not installed"

work=$(mktemp -d /tmp/nlp-split-test.XXXXXX)
chmod 755 "$work"
declare -A pid_of=()
pg_data=""
cleanup() {
  local name
  for name in "${!pid_of[@]}"; do kill -TERM "${pid_of[$name]}" 2>/dev/null; done
  sleep 1
  for name in "${!pid_of[@]}"; do kill -KILL "${pid_of[$name]}" 2>/dev/null; done
  [ -n "$pg_data" ] && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null 2>&1
  [ -n "${KEEP_WORK:-}" ] && echo "(kept $work)" || rm -rf "$work"
}
trap cleanup EXIT

free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_http() {  # url expected_code seconds -> 0 when it answered that code in time
  local url=$1 want=$2 code
  for _ in $(seq 1 $(($3 * 2))); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url")
    [ "$code" = "$want" ] && return 0
    sleep 0.5
  done
  return 1
}
publish() {  # dockerfile out_dir: runs the Dockerfile's build-stage dotnet commands with -o out_dir
  local dockerfile=$1 out=$2 command
  while IFS= read -r command; do
    echo "== (build stage of $(basename "$dockerfile")) $command"
    (cd "$repo" && eval "$command") >>"$work/publish.log" 2>&1 || { tail -n 20 "$work/publish.log"; return 1; }
  done < <($PY - "$dockerfile" "$out" "$here" <<'PYEOF'
import json, shlex, sys
sys.path.insert(0, sys.argv[3])
import dockerfile_stage
for command in dockerfile_stage.read(sys.argv[1])["build_dotnet_commands"]:
    words = shlex.split(command)
    words = [sys.argv[2] if i and words[i - 1] in ("-o", "--output") and w == "/app" else w for i, w in enumerate(words)]
    print(shlex.join(words))
PYEOF
  )
}

port_api1=$(free_port); port_api2=$(free_port); port_identity=$(free_port); port_lb=$(free_port); port_pg=$(free_port)
secret_api="api-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
secret_client="client-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
pg_password="pg-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"

has_identity=false
[ -f "$repo/src/Nlp.Identity/Nlp.Identity.csproj" ] && has_identity=true
api_external=false
grep -qs 'Nlp.Identity' "$repo/src/Nlp.Api/Nlp.Api.csproj" && api_external=true

publish "$repo/deploy/Dockerfile" "$work/api" || die "publishing Nlp.Api failed"
if $has_identity; then
  publish "$repo/deploy/Dockerfile.identity" "$work/identity" || die "publishing Nlp.Identity failed"
fi

# ---- PostgreSQL (private cluster) and Nlp.Identity
if $has_identity; then
  [ -n "$pg_bin" ] || die "PostgreSQL server binaries not found (apt-get install postgresql)"
  pg_data="$work/pg/data"
  mkdir -p "$work/pg/sock" && printf '%s\n' "$pg_password" >"$work/pg/pwfile" && chown -R postgres:postgres "$work/pg"
  runuser -u postgres -- "$pg_bin/initdb" -D "$pg_data" -U nlp --pwfile="$work/pg/pwfile" -A scram-sha-256 >"$work/pg.log" 2>&1 \
    || { cat "$work/pg.log"; pg_data=""; die "initdb failed"; }
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" -l "$work/pg/server.log" -w \
    -o "-p $port_pg -k $work/pg/sock -c listen_addresses=127.0.0.1" start >>"$work/pg.log" 2>&1 \
    || { cat "$work/pg/server.log"; die "PostgreSQL did not start"; }
  PGPASSWORD=$pg_password "$pg_bin/createdb" -h 127.0.0.1 -p "$port_pg" -U nlp nlp_identity || die "createdb failed"
  pass "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port_pg (private cluster)"

  mapfile -t identity_env < <($PY "$here/compose_env.py" "$compose" identity \
    "identity:8081=127.0.0.1:$port_identity" POSTGRES_PASSWORD="$pg_password" NLP_API_CLIENT_SECRET="$secret_api" \
    PGHOST=127.0.0.1 PGPORT="$port_pg")
  identity_env+=("ASPNETCORE_URLS=http://127.0.0.1:$port_identity"
    "Identity__Admin__Password=admin-$secret_client"
    "Identity__Clients__1__ClientId=split-test" "Identity__Clients__1__ClientSecret=$secret_client"
    "Identity__Clients__1__DisplayName=split topology test" "Identity__Clients__1__Scopes__0=profile")
  (cd "$work/identity" && exec env "${identity_env[@]}" dotnet Nlp.Identity.dll) >"$work/identity.log" 2>&1 &
  pid_of[identity]=$!
  if wait_http "http://127.0.0.1:$port_identity/.well-known/openid-configuration" 200 90; then
    pass "Nlp.Identity on 127.0.0.1:$port_identity over PostgreSQL (discovery document 200)"
  else
    tail -n 30 "$work/identity.log"; die "Nlp.Identity did not serve its discovery document within 90 s"
  fi
else
  skip "PostgreSQL + Nlp.Identity: src/Nlp.Identity is not in this checkout yet"
fi

# ---- two API replicas
mapfile -t api_env_base < <($PY "$here/compose_env.py" "$compose" api-1 \
  "identity:8081=127.0.0.1:$port_identity" NLP_API_CLIENT_SECRET="$secret_api" NLP_PUBLIC_URL="http://127.0.0.1:$port_lb")
start_api() {  # name port
  local -a env=("${api_env_base[@]}" "Models__Path=$repo/models" "ASPNETCORE_URLS=http://127.0.0.1:$2"
                "Auth__RevocationCheckInterval=00:00:0$window_s")
  (cd "$work/api" && exec env "${env[@]}" dotnet Nlp.Api.dll) >>"$work/$1.log" 2>&1 &
  pid_of[$1]=$!
}
ready_path=/health/ready
grep -rqs --include='*.cs' '"/health/ready"' "$repo/src/Nlp.Api" || ready_path=/api/docs
describe_process() {  # pid -> "running (state, threads, cpu ticks)" or "exited"
  if [ -r "/proc/$1/status" ]; then
    echo "running ($(awk '/^State:/ {print $2 $3} /^Threads:/ {print "threads=" $2}' "/proc/$1/status" | tr '\n' ' ')utime=$(awk '{print $14}' "/proc/$1/stat"))"
  else echo "exited"; fi
}
wait_ready() { wait_http "http://127.0.0.1:$1$ready_path" 200 "${2:-90}"; }
start_api api-1 "$port_api1"
start_api api-2 "$port_api2"
for replica in "api-1 $port_api1" "api-2 $port_api2"; do
  set -- $replica
  if wait_ready "$2"; then pass "$1 on 127.0.0.1:$2 ready ($ready_path 200)"
  else
    echo "---- $1: $(describe_process "${pid_of[$1]}"); $ready_path -> $(curl -s -w ' %{http_code}' --max-time 5 "http://127.0.0.1:$2$ready_path")"
    tail -n 30 "$work/$1.log"; die "$1 did not become ready within 90 s"
  fi
done

# ---- nginx with the shipped configuration
sed -e "s/\bapi-1:8080\b/127.0.0.1:$port_api1/; s/\bapi-2:8080\b/127.0.0.1:$port_api2/" \
    -e "s/\bidentity:8081\b/127.0.0.1:$port_identity/; s/^\(\s*\)listen 8080;/\1listen 127.0.0.1:$port_lb;/" \
    "$repo/deploy/nginx/nginx.conf" >"$work/nginx.conf"
"$nginx_bin" -c "$work/nginx.conf" -e "$work/nginx.error.log" -g "pid $work/nginx.pid; daemon off;" >"$work/nginx.access.log" 2>&1 &
pid_of[nginx]=$!
lb="http://127.0.0.1:$port_lb"
if wait_http "$lb/api/docs" 200 20; then pass "nginx (deploy/nginx/nginx.conf) balancing on 127.0.0.1:$port_lb"
else cat "$work/nginx.error.log"; die "nginx did not start"; fi

# ---- 1. predictions, and the document Pega imports
curl -s --max-time 30 -o "$work/docs.json" "$lb/api/docs"
advertised=$($PY -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join(sorted({v.get("tokenUrl", "") for v in d.get("securityDefinitions", {}).values()})))' "$work/docs.json" 2>/dev/null)
if [ "$advertised" = "$lb/oauth/token" ]; then pass "/api/docs through the balancer advertises the public token URL ($advertised)"
elif [ -z "$advertised" ]; then skip "/api/docs has no OAuth security definition in this checkout"
else fail "/api/docs advertises token URL '$advertised', expected $lb/oauth/token (Auth__TokenUrl)"; fi
model=$(find "$repo/models" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null | sort | head -n 1)
[ -n "$model" ] || die "no model folder under models/: nothing to predict with"
body=$($PY -c 'import json,sys; print(json.dumps({"modelIdentifier": sys.argv[1], "text": "hello there, good morning"}))' "$model")
for target in "balancer $lb" "api-1 http://127.0.0.1:$port_api1" "api-2 http://127.0.0.1:$port_api2"; do
  set -- $target
  answer=$(curl -s -w ' %{http_code}' --max-time 60 -H 'Content-Type: application/json' -d "$body" "$2/noauth/predict")
  if [ "${answer##* }" = 200 ]; then pass "POST /noauth/predict via $1 -> 200 ${answer% *}"
  else fail "POST /noauth/predict via $1 -> $answer"; fi
done
for _ in $(seq 1 20); do curl -s -o /dev/null --max-time 30 -H 'Content-Type: application/json' -d "$body" "$lb/noauth/predict"; done
served() {  # port -> number of /noauth/predict requests the replica's /metrics counted (empty if no metrics)
  curl -s --max-time 10 "http://127.0.0.1:$1/metrics" | awk '/^http_server_request_duration_seconds_count/ && /noauth\/predict/ {split($0, a, " "); s += a[2]} END {if (NR) print s+0}'
}
served1=$(served "$port_api1"); served2=$(served "$port_api2")
if [ -z "$served1" ] || [ -z "$served2" ]; then skip "traffic split: replicas expose no request counts at /metrics"
elif [ "${served1%.*}" -gt 0 ] && [ "${served2%.*}" -gt 0 ]; then pass "both replicas took traffic through the balancer (api-1: $served1, api-2: $served2 predictions)"
else fail "the balancer did not spread traffic (api-1: $served1, api-2: $served2)"; fi

# ---- 2. stop replicas under load
# Phase A: api-1 crashes (SIGKILL) under load; it is restarted and, once the balancer sends it traffic again,
# phase B: api-2 is stopped (SIGTERM, as by docker stop / pod termination). No client request may fail.
stamp() { echo "   +$((SECONDS - load_started)) s  $*"; }
echo "== load: 8 keep-alive clients through the balancer, no client retries"
$PY "$here/split_load.py" "$lb/noauth/predict" "$body" "$work/load.stop" 120 8 200 >"$work/load.json" &
load_pid=$!
load_started=$SECONDS
sleep 3
kill -KILL "${pid_of[api-1]}"; wait "${pid_of[api-1]}" 2>/dev/null; stamp "api-1 killed (SIGKILL)"
sleep 2
start_api api-1 "$port_api1"; stamp "api-1 restarted"
wait_ready "$port_api1" 60 && stamp "api-1 ready ($ready_path 200)" || fail "api-1 did not become ready again within 60 s"
rejoined=""
for _ in $(seq 1 60); do
  count=$(served "$port_api1")
  [ -z "$count" ] && break
  [ "${count%.*}" -gt 0 ] && { rejoined=yes; break; }
  sleep 0.5
done
if [ -n "$rejoined" ]; then pass "the balancer sent traffic to the restarted api-1 again ($((SECONDS - load_started)) s into the load)"
elif [ -z "${count:-}" ]; then skip "cannot see when the balancer reuses api-1 (no /metrics): waiting 5 s"; sleep 5
else fail "the balancer did not reuse the restarted api-1 within 30 s"; fi
sleep 2
kill -TERM "${pid_of[api-2]}"; stamp "api-2 stopped (SIGTERM)"
wait "${pid_of[api-2]}" 2>/dev/null; api2_status=$?; stamp "api-2 exited with status $api2_status"
sleep 3
touch "$work/load.stop"; wait "$load_pid"
echo "   load: $(cat "$work/load.json")"
lost=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["lost"])' "$work/load.json")
total=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests"])' "$work/load.json")
retried=$(grep -cE 'upstream' "$work/nginx.error.log" || true)
if [ "$lost" = 0 ] && [ "$total" -gt 50 ]; then
  pass "no request lost while a replica crashed, came back, and the other stopped: $total requests, all 200 ($retried upstream errors retried by nginx)"
else
  fail "$lost of $total requests lost under replica failure ($retried upstream errors in nginx's log)"
fi
[ "$api2_status" -eq 0 ] && pass "api-2 exited 0 after SIGTERM under load (graceful)" || fail "api-2 exit status $api2_status after SIGTERM"
start_api api-2 "$port_api2"
wait_ready "$port_api2" 60 || die "api-2 did not come back"

# ---- 3. tokens across replicas, revocation within the window
if ! $has_identity; then
  skip "tokens and revocation across replicas: src/Nlp.Identity is not in this checkout yet"
  finish
fi
auth_code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H 'Content-Type: application/json' -d "$body" "$lb/auth/predict")
if ! $api_external || [ "$auth_code" = 404 ]; then
  skip "tokens and revocation across replicas: Nlp.Api does not serve /auth/predict in External mode yet (-> $auth_code)"
  finish
fi
[ "$auth_code" = 401 ] && pass "POST /auth/predict without a token -> 401" || fail "POST /auth/predict without a token -> $auth_code"
token_json=$(curl -s --max-time 30 -u "split-test:$secret_client" -d grant_type=client_credentials -d scope=profile "$lb/oauth/token")
token=$($PY -c 'import json,sys; print(json.loads(sys.argv[1]).get("access_token", ""))' "$token_json" 2>/dev/null)
[ -n "$token" ] || { tail -n 20 "$work/identity.log"; die "no token from /oauth/token through the balancer: $token_json"; }
pass "client-credentials token from /oauth/token through the balancer"
auth_predict() { curl -s -o /dev/null -w '%{http_code}' --max-time 30 -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$1/auth/predict"; }
for replica in "api-1 $port_api1" "api-2 $port_api2"; do
  set -- $replica
  code=$(auth_predict "$2")
  [ "$code" = 200 ] && pass "the token works on $1 (/auth/predict 200)" || fail "the token on $1: /auth/predict -> $code"
done
revoke_code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -u "split-test:$secret_client" -d "token=$token" -d token_type_hint=access_token "$lb/oauth/revoke")
revoked_at=$(date +%s.%N)
[ "$revoke_code" = 200 ] && pass "POST /oauth/revoke through the balancer -> 200" || fail "POST /oauth/revoke -> $revoke_code"
limit=$((window_s + 5))
for replica in "api-1 $port_api1" "api-2 $port_api2"; do
  set -- $replica
  code=""
  while :; do
    code=$(auth_predict "$2")
    elapsed=$($PY -c "import time; print(round(time.time() - $revoked_at, 1))")
    [ "$code" = 401 ] && break
    $PY -c "import sys; sys.exit(0 if $elapsed < $limit else 1)" || break
    sleep 0.5
  done
  if [ "$code" = 401 ]; then pass "$1 refuses the revoked token ${elapsed} s after revocation (window ${window_s} s + polling; allowed ${limit} s)"
  else fail "$1 still answers $code ${elapsed} s after revocation (window ${window_s} s)"; fi
done
finish
