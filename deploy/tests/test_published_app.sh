#!/usr/bin/env bash
# Tests what deploy/Dockerfile's image runs, without a Docker engine (there is none on the build machine).
#
#   deploy/tests/test_published_app.sh [--skip-publish DIR]      (run as root: it drops to the image's UID)
#
# Everything the image decides is read from deploy/Dockerfile itself (dockerfile_stage.py), so the two
# cannot drift: the build stage's `dotnet restore`/`dotnet publish` commands (run here with -o pointed at a
# temporary folder), the runtime stage's WORKDIR, ENV (over the base image's own variables), USER,
# ENTRYPOINT, EXPOSE and HEALTHCHECK. The app is then started like `docker run` would:
#   - a clean environment (env -i): only the image's ENV plus PATH and HOME (PATH names this machine's dotnet
#     folder only when the ENTRYPOINT is `dotnet ...`; a self-contained app must load its runtime from /app, as on
#     runtime-deps, which has no .NET: checked from the process's memory map);
#   - as USER's numeric UID/GID (1654) with no supplementary groups, no capabilities, no_new_privs;
#   - /app (the published files) and /models owned by root and read-only to that user, HOME not writable
#     (as with compose's read_only / Kubernetes' readOnlyRootFilesystem), only /app/data and /tmp writable;
#   - in a fresh network namespace (unshare --net) when possible: port 8080 on all interfaces exactly as
#     ASPNETCORE_URLS=http://+:8080 says, reachable from nothing else. Where unshare is unavailable the URL
#     is overridden to http://127.0.0.1:<free port> and the script says so.
# Container paths are mapped to temporary folders (/app, /models, /tmp, HOME); ENV values naming them are
# rewritten accordingly and printed.
#
# Checks: listens on the EXPOSEd port; runs as non-root with no capabilities; /api/docs 200 (Swagger 2.0);
# /noauth/predict answers (200 with a topic for each bundled model folder; 404 problem+json for an unknown
# model); every thread runs the scheduling policy the ENTRYPOINT sets (chrt); the HEALTHCHECK command (bash
# /dev/tcp) works, against /health/live once the API serves it (until then: skipped, with its mechanics
# checked against /api/docs); no startup errors and no URL-override warning; SIGTERM stops it cleanly (exit 0)
# within 10 s; the health check then reports unhealthy.
# Exit status 0 only when nothing failed. Last line: "published-app: N passed, N failed, N skipped".
set -uo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
here="$repo/deploy/tests"
PY=/usr/bin/python3
dockerfile="$repo/deploy/Dockerfile"

passed=0 failed=0 skipped=0
pass() { passed=$((passed + 1)); echo "PASS  $*"; }
fail() { failed=$((failed + 1)); echo "FAIL  $*"; }
skip() { skipped=$((skipped + 1)); echo "SKIP  $*"; }
summary() { echo "published-app: ${passed} passed, ${failed} failed, ${skipped} skipped"; }
die() { echo "ERROR $*" >&2; fail "$*"; summary; exit 1; }

# --------------------------------------------------------------------------------------------------------
# Phase 2 runs inside the network namespace (or directly): start the app, check it, stop it.
run_phase() {
  local work=$1 url_override=$2
  local stage="$work/stage.json"
  local uid gid port entry workdir
  uid=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["user"])' "$stage")
  gid=$uid   # USER $APP_UID names no group: Docker then uses the user's primary group, app (1654)
  port=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["expose"][0].split("/")[0])' "$stage")
  workdir=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["workdir"])' "$stage")
  [ "$workdir" = /app ] || die "WORKDIR is $workdir; this script maps /app only"
  [[ "$uid" =~ ^[0-9]+$ ]] && [ "$uid" -ne 0 ] || die "USER must be a non-zero numeric UID, is '$uid'"

  if [ -n "$url_override" ]; then
    port=${url_override##*:}
  else
    ip link set lo up || die "cannot bring up loopback in the network namespace"
  fi

  # The image's environment, container paths mapped to this run's folders, as shell-safe NAME=VALUE words.
  local -a envs
  mapfile -t envs < <($PY - "$stage" "$work" "$url_override" <<'PYEOF'
import json, sys
stage, work, override = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
mapping = {"/app": f"{work}/app", "/models": f"{work}/models", "/tmp": f"{work}/tmp"}
for name, value in stage["env"].items():
    for container_path, host_path in mapping.items():
        if value == container_path or value.startswith(container_path + "/"):
            print(f"# {name}: {value} -> {host_path + value[len(container_path):]}", file=sys.stderr)
            value = host_path + value[len(container_path):]
            break  # map once: the temporary folders are themselves under /tmp
    if name == "ASPNETCORE_URLS" and override:
        print(f"# {name}: {value} -> {override} (no network namespace: loopback only)", file=sys.stderr)
        value = override
    print(f"{name}={value}")
PYEOF
  )
  mapfile -t entry < <($PY -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["entrypoint"]))' "$stage")
  # dotnet's folder is on PATH only when the ENTRYPOINT starts it (an aspnet base image); a self-contained app on
  # runtime-deps has no .NET to find, and check 2c shows it loaded its runtime from /app.
  local path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  [ "${entry[0]}" = dotnet ] && path="$(dirname "$(readlink -f "$(command -v dotnet)")"):$path"
  envs+=("PATH=$path" "HOME=$work/home" "HOSTNAME=nlp-api-test")
  # What an operator adds with `docker run -e` (docker-compose.yml): an OAuth client created at start, so the
  # Embedded authorization server can be exercised in the image's layout (its SQLite store in /app/data).
  local client_secret; client_secret="s-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  envs+=("Identity__Clients__0__ClientId=image-test" "Identity__Clients__0__ClientSecret=$client_secret"
         "Identity__Clients__0__Scopes__0=profile")
  # And what deploy/k8s/configmap.yaml and the compose files set: eager loading and a warm-up before readiness.
  envs+=("Models__EagerLoad=true" "WarmUp__Duration=00:00:01")
  echo "== image environment (Dockerfile ENV over the base image's):"; printf '   %s\n' "${envs[@]}"
  echo "== starting '${entry[*]}' in /app as UID $uid:$gid"

  local log="$work/app.log" pid
  ( cd "$work/app" && exec env -i "${envs[@]}" \
      setpriv --reuid="$uid" --regid="$gid" --clear-groups --no-new-privs --inh-caps=-all --bounding-set=-all \
      "${entry[@]}" ) >"$log" 2>&1 &
  pid=$!
  local base="http://127.0.0.1:$port"

  # 1. listens on the EXPOSEd port (all interfaces when the Dockerfile's URL is used as is)
  local listening=""
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || break
    listening=$(ss -Hltnp "sport = :$port" 2>/dev/null | grep "pid=$pid," || true)
    [ -n "$listening" ] && break
    sleep 0.5
  done
  if [ -z "$listening" ]; then
    echo "---- app log"; cat "$log"; die "the app did not listen on port $port within 60 s"
  fi
  local address; address=$(awk '{print $4}' <<<"$listening" | tr '\n' ' ')
  if [ -z "$url_override" ]; then
    if grep -Eq '(^|\s)(\*|0\.0\.0\.0|\[::\]):'"$port"'(\s|$)' <<<" $address "; then
      pass "listens on port $port on all interfaces ($address) as ASPNETCORE_URLS=http://+:$port says"
    else
      fail "listens on $address, expected all interfaces on port $port"
    fi
  else
    pass "listens on $address (URL overridden to loopback)"
  fi

  # 2. non-root, no capabilities
  local uids gids capeff
  uids=$(awk '/^Uid:/ {print $2, $3, $4, $5}' "/proc/$pid/status")
  gids=$(awk '/^Gid:/ {print $2, $3, $4, $5}' "/proc/$pid/status")
  capeff=$(awk '/^CapEff:/ {print $2}' "/proc/$pid/status")
  if [ "$uids" = "$uid $uid $uid $uid" ] && [ "$gids" = "$gid $gid $gid $gid" ] && [ "$capeff" = 0000000000000000 ]; then
    pass "runs as non-root: Uid $uids, Gid $gids, CapEff $capeff ($(tr '\0' ' ' <"/proc/$pid/cmdline"))"
  else
    fail "process identity: Uid '$uids' Gid '$gids' CapEff '$capeff' (expected UID/GID $uid, no capabilities)"
  fi

  # 2b. the GC the throughput figures were measured with: Server GC without DATAS (docs/benchmarks.md), from the
  #     published runtimeconfig.json and not overridden by the image's environment
  local gc
  gc=$($PY -c 'import json,sys; p=json.load(open(sys.argv[1]))["runtimeOptions"]["configProperties"]; print(p.get("System.GC.Server"), p.get("System.GC.DynamicAdaptationMode"))' "$work/app/Nlp.Api.runtimeconfig.json")
  if [ "$gc" = "True 0" ] && ! printf '%s\n' "${envs[@]}" | grep -qE '^DOTNET_(gcServer|GCDynamicAdaptationMode)='; then
    pass "Server GC without DATAS (runtimeconfig: System.GC.Server true, System.GC.DynamicAdaptationMode 0; no override in the image)"
  else
    fail "GC settings: runtimeconfig says '$gc' (expected 'True 0'), or the image's environment overrides them"
  fi

  # 2c. a self-contained ENTRYPOINT runs the runtime it carries: libcoreclr.so mapped from /app, not this machine's
  if [ "${entry[0]}" != dotnet ]; then
    local coreclr; coreclr=$(awk '$6 ~ /libcoreclr\.so$/ {print $6; exit}' "/proc/$pid/maps")
    if [ "$coreclr" = "$work/app/libcoreclr.so" ]; then
      pass "self-contained: the runtime is loaded from /app ($coreclr), so runtime-deps needs no .NET"
    else
      fail "self-contained ENTRYPOINT '${entry[*]}', but libcoreclr.so is mapped from '${coreclr:-nowhere}' (expected $work/app)"
    fi
  fi

  # 3. the OpenAPI document
  local code
  code=$(curl -s -o "$work/docs.json" -w '%{http_code}' --max-time 30 "$base/api/docs")
  if [ "$code" = 200 ] && $PY -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d.get("swagger")=="2.0" and d.get("paths") else 1)' "$work/docs.json"; then
    pass "GET /api/docs -> 200, Swagger 2.0 with $($PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["paths"]))' "$work/docs.json") paths"
  else
    fail "GET /api/docs -> $code $(head -c 300 "$work/docs.json" 2>/dev/null)"
  fi

  # 4. predictions: every bundled model answers 200 with a topic; an unknown one 404 problem details
  local ctype body
  body='{"modelIdentifier":"no_such_model_in_image","text":"hi there"}'
  read -r code ctype < <(curl -s -o "$work/predict404.json" -w '%{http_code} %{content_type}\n' --max-time 30 \
    -H 'Content-Type: application/json' -d "$body" "$base/noauth/predict")
  if [ "$code" = 404 ] && [[ "$ctype" == application/problem+json* ]] \
     && $PY -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d.get("status")==404 and d.get("detail") else 1)' "$work/predict404.json"; then
    pass "POST /noauth/predict (unknown model) -> 404 $ctype: $(head -c 160 "$work/predict404.json")"
  else
    fail "POST /noauth/predict (unknown model) -> $code $ctype $(head -c 300 "$work/predict404.json")"
  fi
  local models=0 model
  for model in "$work"/models/*/; do
    [ -d "$model" ] || continue
    model=$(basename "$model"); models=$((models + 1))
    body=$($PY -c 'import json,sys; print(json.dumps({"modelIdentifier": sys.argv[1], "text": "hi there, good morning"}))' "$model")
    code=$(curl -s -o "$work/predict.json" -w '%{http_code}' --max-time 120 -H 'Content-Type: application/json' -d "$body" "$base/noauth/predict")
    if [ "$code" = 200 ] && $PY -c 'import json,sys; d=json.load(open(sys.argv[1])); t=d["topic"]; sys.exit(0 if t["name"] and isinstance(t["score"], str) else 1)' "$work/predict.json" 2>/dev/null; then
      pass "POST /noauth/predict ($model) -> 200 $(head -c 200 "$work/predict.json")"
    else
      fail "POST /noauth/predict ($model) -> $code $(head -c 300 "$work/predict.json")"
    fi
  done
  [ "$models" -gt 0 ] || skip "no model folder under models/ in this checkout: only the 404 path of predict was exercised"

  # 4s. the scheduling policy the ENTRYPOINT asks for (ADR-016: `chrt --batch 0` = SCHED_BATCH, 3; without chrt the
  #     default SCHED_OTHER, 0) on every thread the app has after serving, those the runtime started later included
  local expected=0 policies
  [ "${entry[0]}" = chrt ] && [[ " ${entry[*]} " == *" --batch "* || " ${entry[*]} " == *" -b "* ]] && expected=3
  # "count policy" pairs over the threads listed once (a thread that ends meanwhile is left out, not miscounted)
  policies=$(for task in /proc/"$pid"/task/*; do awk '{sub(/^.*\) /, ""); print $39}' "$task/stat" 2>/dev/null; done \
    | sort | uniq -c | xargs)
  if [[ "$policies" =~ ^([0-9]+)\ $expected$ ]] && [ "${BASH_REMATCH[1]}" -ge 10 ]; then
    pass "all ${BASH_REMATCH[1]} threads run scheduling policy $expected, as the ENTRYPOINT '${entry[*]}' asks (/proc/PID/task/*/stat)"
  else
    fail "scheduling policies (count policy): '$policies', expected every thread at $expected for '${entry[*]}'"
  fi

  # 4a. readiness came after the warm-up, which reached the app through its own listening address
  local ready_code warmed
  for _ in $(seq 1 120); do
    ready_code=$(curl -s -o "$work/ready.json" -w '%{http_code}' --max-time 5 "$base/health/ready")
    [ "$ready_code" = 200 ] && break
    sleep 0.5
  done
  warmed=$(grep -o 'Warm-up done: [^"{]\+' "$log" | head -n 1)
  if [ "$ready_code" = 200 ] && [ "$models" -gt 0 ] && [[ "$warmed" =~ ^Warm-up\ done:\ [1-9][0-9]*\ warm-up\ requests\ to\ $models\ model ]] \
     && [[ "$warmed" != *failed* ]]; then
    pass "/health/ready 200 after the warm-up: $warmed"
  elif [ "$models" -eq 0 ]; then
    skip "no model folder: the warm-up had nothing to predict with"
  else
    fail "warm-up: /health/ready -> $ready_code $(head -c 300 "$work/ready.json"); log: ${warmed:-no 'Warm-up done' line}"
  fi
  echo "INFO  memory after $models model(s) loaded: $(awk '/^VmRSS:/ {printf "%.0f MiB resident", $2 / 1024}' "/proc/$pid/status")"

  # 4b. Embedded mode (the image's default): a client-credentials token, used on /auth/predict; the store is
  #     the SQLite file in the one writable folder, /app/data, owned by the image's user
  if grep -qs 'Nlp.Identity' "$repo/src/Nlp.Api/Nlp.Api.csproj"; then
    local token_json token
    token_json=$(curl -s --max-time 30 -u "image-test:$client_secret" -d grant_type=client_credentials "$base/oauth/token")
    token=$($PY -c 'import json,sys; print(json.loads(sys.argv[1]).get("access_token", ""))' "$token_json" 2>/dev/null)
    if [ -n "$token" ]; then pass "POST /oauth/token (client credentials, Embedded) -> access token"
    else fail "POST /oauth/token -> $token_json"; fi
    code=$(curl -s -o "$work/auth.json" -w '%{http_code}' --max-time 60 -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' -d '{"modelIdentifier":"no_such_model_in_image","text":"hi"}' "$base/auth/predict")
    [ "$code" = 404 ] && pass "POST /auth/predict with the token -> past authorization (404 for the unknown model)" \
      || fail "POST /auth/predict with the token -> $code $(head -c 200 "$work/auth.json")"
    local store; store=$(find "$work/app/data" -maxdepth 1 -name 'identity.db*' -printf '%f(uid %U) ' 2>/dev/null)
    [[ "$store" == *"identity.db(uid $uid)"* ]] && pass "identity store written to /app/data as UID $uid: $store" \
      || fail "identity store not in /app/data as UID $uid (found: '${store:-nothing}')"
  else
    skip "Embedded authorization server: Nlp.Api does not reference Nlp.Identity in this checkout"
  fi

  # 5. the HEALTHCHECK command, run as the image's user (Docker runs it inside the container as USER)
  local -a health
  mapfile -t health < <($PY - "$stage" "$port" <<'PYEOF'
import json, sys
stage, port = json.load(open(sys.argv[1])), sys.argv[2]
cmd = stage["healthcheck"]["cmd"]
print("\n".join(part.replace("/8080 ", f"/{port} ") for part in cmd))
PYEOF
  )
  run_health() {  # $1: path to substitute for /health/live (empty: as written)
    local -a cmd=("${health[@]}")
    [ -n "$1" ] && cmd=("${cmd[@]//\/health\/live/$1}")
    env -i PATH=/usr/bin:/bin setpriv --reuid="$uid" --regid="$gid" --clear-groups --no-new-privs \
      timeout 5 "${cmd[@]}" >/dev/null 2>&1
  }
  if run_health /api/docs; then
    pass "HEALTHCHECK mechanics (bash /dev/tcp, HTTP/1.1 status line) work against Kestrel (probed /api/docs)"
  else
    fail "HEALTHCHECK command does not recognise a 200 from Kestrel (probed /api/docs)"
  fi
  local live_code; live_code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$base/health/live")
  if grep -rqs --include='*.cs' '/health/live' "$repo/src/Nlp.Api"; then
    if run_health ""; then pass "HEALTHCHECK as written (/health/live -> $live_code) reports healthy"
    else fail "HEALTHCHECK as written reports unhealthy (/health/live -> $live_code)"; fi
  else
    skip "HEALTHCHECK on /health/live: the API does not serve it yet (-> $live_code); pending the lead's health endpoints"
  fi

  # 6. a clean start: no errors, and ASPNETCORE_URLS does not fight the base image's HTTP_PORTS
  # (appsettings.json selects the JSON console formatter; the plain one writes fail:/crit: prefixes)
  local errors='"LogLevel":"(Error|Critical)"|^(fail|crit):|Unhandled exception'
  if grep -Eq "$errors" "$log"; then
    fail "errors in the log:"; grep -E "$errors" "$log" | head -5 | cut -c1-400
  else
    pass "no Error/Critical entries in the log"
  fi
  if grep -qi 'Overriding HTTP_PORTS' "$log"; then fail "Kestrel warns that URLS overrides HTTP_PORTS"
  else pass "no URL-override warning (ASPNETCORE_HTTP_PORTS emptied by the Dockerfile)"; fi

  # 7. SIGTERM (docker stop / pod termination) -> graceful exit within 10 s (Docker's default grace period)
  local start=$SECONDS status=""
  kill -TERM "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    fail "still running 10 s after SIGTERM"; kill -KILL "$pid"; wait "$pid" 2>/dev/null
  else
    wait "$pid"; status=$?
    if [ "$status" -eq 0 ] && grep -q 'Application is shutting down' "$log"; then
      pass "SIGTERM: graceful shutdown, exit 0 after $((SECONDS - start)) s"
    else
      fail "SIGTERM: exit status $status (log: $(tail -n 3 "$log" | tr '\n' ' '))"
    fi
  fi
  if run_health /api/docs; then fail "HEALTHCHECK still reports healthy after the app stopped"
  else pass "HEALTHCHECK reports unhealthy once the app is gone"; fi

  echo "---- app log (last 15 lines)"; tail -n 15 "$log" | sed 's/^/   /'
  summary
  [ "$failed" -eq 0 ]
}

if [ "${1:-}" = --run-phase ]; then
  run_phase "$2" "${3:-}"
  exit $?
fi

# --------------------------------------------------------------------------------------------------------
# Phase 1: publish as the Dockerfile does and lay out the image's file system.
[ "$(id -u)" -eq 0 ] || { echo "run as root: the script drops to the image's UID itself (setpriv)"; exit 2; }
for tool in dotnet curl ss setpriv "$PY"; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool"; exit 2; }
done

work=$(mktemp -d /tmp/nlp-image-test.XXXXXX)
chmod 755 "$work"
cleanup() { [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"; }
trap cleanup EXIT

$PY "$here/dockerfile_stage.py" "$dockerfile" >"$work/stage.json" || die "cannot read $dockerfile"

if [ "${1:-}" = --skip-publish ]; then
  cp -a "$2/." "$work/app/" 2>/dev/null || { mkdir -p "$work/app" && cp -a "$2/." "$work/app/"; }
  echo "== using the already published app in $2"
else
  mapfile -t build < <($PY - "$work/stage.json" "$work/app" <<'PYEOF'
import json, shlex, sys
stage, out = json.load(open(sys.argv[1])), sys.argv[2]
for command in stage["build_dotnet_commands"]:
    words = shlex.split(command)
    for i, word in enumerate(words):
        if word in ("-o", "--output") and words[i + 1] == "/app":
            words[i + 1] = out
    print(shlex.join(words))
PYEOF
  )
  [ "${#build[@]}" -ge 1 ] || die "no dotnet commands in the Dockerfile's build stage"
  for command in "${build[@]}"; do
    echo "== (build stage, WORKDIR = repository root) $command"
    (cd "$repo" && eval "$command") >"$work/publish.log" 2>&1 || { tail -n 30 "$work/publish.log"; die "'$command' failed"; }
  done
fi
[ -f "$work/app/Nlp.Api.dll" ] || die "the published output has no Nlp.Api.dll"

# The runtime stage's file system: COPY'd files root-owned; models as COPY --from=build /src/models /models
# (a copy of the checkout's models/, empty when there is none); RUN mkdir -p /app/data && chown $APP_UID.
mkdir -p "$work/models" "$work/home" "$work/tmp" "$work/app/data"
[ -d "$repo/models" ] && cp -a "$repo/models/." "$work/models/"
chown -R root:root "$work/app" "$work/models" "$work/home"
chmod -R u+rwX,go+rX,go-w "$work/app" "$work/models" "$work/home"
uid=$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["user"])' "$work/stage.json")
chown "$uid:$uid" "$work/app/data"
chmod 1777 "$work/tmp"
echo "== container paths: /app -> $work/app, /models -> $work/models ($(find "$work/models" -mindepth 1 -maxdepth 1 -type d | wc -l) model folders), HOME -> $work/home (read-only), /tmp -> $work/tmp"

if unshare --net true 2>/dev/null; then
  echo "== network: a fresh network namespace (only loopback), the Dockerfile's ASPNETCORE_URLS unchanged"
  unshare --net --fork "$0" --run-phase "$work"
  exit $?
fi
port=8080
if ss -Hltn "sport = :$port" | grep -q .; then
  port=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  echo "== port 8080 is taken on this machine: using $port"
fi
echo "== network: unshare unavailable; ASPNETCORE_URLS overridden to http://127.0.0.1:$port (loopback only)"
"$0" --run-phase "$work" "http://127.0.0.1:$port"
