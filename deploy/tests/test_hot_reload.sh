#!/usr/bin/env bash
# Hot reload without downtime: the weights of a served model are replaced while wrk keeps it under load.
#
#   deploy/tests/test_hot_reload.sh [--no-build]
#
# Builds src/Nlp.Api (Release) once and starts it on a free 127.0.0.1 port with a temporary models root holding
# one folder, `reloadable` (a copy of the count_yaml_sigmoid fixture = v1), Models__ScanInterval=2 s, and a
# temporary identity store. The new version is tests/Nlp.Api.IntegrationTests/Fixtures/reload/weights_v2.h5;
# expected_v2.json there holds the numpy reference scores (tests/tools/numpy_reference.py) of v1 and v2.
# Then:
#   1. wrk -t2 -c16 -d30s --latency posts /noauth/predict for `reloadable` (a Lua script counts non-200 answers
#      and answers without a topic, and which version's best label each answer carries). Meanwhile:
#      a. at 8 s weights.h5 is replaced ATOMICALLY by v2 (written outside the folder on the same file system,
#         then renamed over it: a second *.h5 inside the folder would make discovery ambiguous); the served
#         `topics` must become v2's within 1e-5 (and differ from v1's);
#      b. at 15 s v1 is written back IN PLACE and SLOWLY: half of the bytes, a pause long enough for the watcher to
#         try that half file (the failure shows as lastError), then the rest: v2 must keep serving until the
#         complete file loads, then v1's answers;
#      c. at 22 s v2 is copied over it with a plain `cp` (non-atomic overwrite): v2's answers again.
#      wrk must report no socket errors and no non-2xx answers, and the Lua counters no non-200 and no bad body.
#   2. A CORRUPT replacement (v2 cut to half its bytes, renamed over weights.h5): under a short second wrk run
#      every request still answers 200 with v2's answers; GET /v1/models/reloadable shows state Available, the
#      same version, a lastError naming weights.h5, and the broken file is tried once (lastErrorAt does not move
#      over several scans). Restoring a valid file raises the version and clears lastError.
#   3. SIGTERM stops the Api cleanly.
# Bounded (< 3 min with an up-to-date build; a watchdog stops it at 300 s), 127.0.0.1 only.
# Last line: "hot-reload: N passed, N failed, N skipped"; exit status 0 only when nothing failed.
set -uo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
PY=/usr/bin/python3
model=reloadable
source_folder="$repo/tests/Nlp.Api.IntegrationTests/Fixtures/models/count_yaml_sigmoid"
reload_fixtures="$repo/tests/Nlp.Api.IntegrationTests/Fixtures/reload"
expected="$reload_fixtures/expected_v2.json"
bin="$repo/src/Nlp.Api/bin/Release/net10.0"
load_s=30

passed=0 failed=0 skipped=0
pass() { passed=$((passed + 1)); echo "PASS  $*"; }
fail() { failed=$((failed + 1)); echo "FAIL  $*"; }
summary() { echo "hot-reload: ${passed} passed, ${failed} failed, ${skipped} skipped"; }
finish() { summary; [ "$failed" -eq 0 ]; exit $?; }
die() { fail "$*"; finish; }

for tool in dotnet curl wrk "$PY"; do command -v "$tool" >/dev/null || die "missing tool: $tool"; done
[ -f "$reload_fixtures/weights_v2.h5" ] && [ -f "$expected" ] || die "missing $reload_fixtures (run tests/tools/make_reload_fixture.py)"

work=$(mktemp -d /tmp/nlp-hot-reload.XXXXXX)
folder="$work/models/$model"
staging="$work/staging"          # same file system as the models root: mv from here is an atomic rename
mkdir -p "$folder" "$staging" "$work/identity"
cp "$source_folder"/* "$folder/"
cp "$source_folder/weights.h5" "$work/v1.h5"
cp "$reload_fixtures/weights_v2.h5" "$work/v2.h5"
app_pid="" wrk_pid=""
cleanup() {
  [ -n "$wrk_pid" ] && kill -TERM "$wrk_pid" 2>/dev/null
  [ -n "$app_pid" ] && kill -TERM "$app_pid" 2>/dev/null && sleep 1 && kill -KILL "$app_pid" 2>/dev/null
  [ -n "${watchdog_pid:-}" ] && kill "$watchdog_pid" 2>/dev/null
  [ -n "${KEEP_WORK:-}" ] && echo "(kept $work)" || rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "ERROR interrupted" >&2; exit 1' TERM INT
( trap 'kill "$nap" 2>/dev/null; exit 0' TERM
  sleep 300 & nap=$!; wait "$nap" || exit 0
  echo "ERROR watchdog: still running after 300 s" >&2; kill -TERM $$ ) &
watchdog_pid=$!

# ---------------------------------------------------------------------------------------------- helpers
cat >"$work/probe.py" <<'PYEOF'
"""answers BASE EXPECTED VERSION: exit 0 when every probe's served topics equal VERSION's reference within 1e-5
(and, for v2, differ from v1's); 1 when they do not; 2 on a non-200 answer.  status BASE MODEL: one line,
state<TAB>version<TAB>lastErrorAt<TAB>lastError (or the HTTP status)."""
import json, sys, urllib.error, urllib.request

def call(url, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={'Content-Type': 'application/json'})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, e.read()[:300]

if sys.argv[1] == 'status':
    code, d = call(f'{sys.argv[2]}/v1/models/{sys.argv[3]}')
    if code != 200:
        print(f'http-{code}\t-\t-\t{d}')
    else:
        print('\t'.join(str(d.get(k)) for k in ('state', 'version', 'lastErrorAt', 'lastError')))
    sys.exit(0)

base, version = sys.argv[2], sys.argv[4]
worst, worst_other = 0.0, float('inf')
for probe in json.load(open(sys.argv[3]))['probes']:
    code, d = call(f'{base}/noauth/predict', {'modelIdentifier': 'reloadable', 'text': probe['text'], 'includeAllTopics': True})
    if code != 200:
        print(f'{probe["text"]!r}: HTTP {code} {d}')
        sys.exit(2)
    served = {t['name']: t['score'] for t in d['topics']}
    want, other = probe[version], probe['v1' if version == 'v2' else 'v2']
    if set(served) != set(want):
        print(f'labels {sorted(served)} != {sorted(want)}')
        sys.exit(1)
    worst = max(worst, max(abs(served[k] - want[k]) for k in want))
    worst_other = min(worst_other, max(abs(served[k] - other[k]) for k in other))
print(f'max |served - {version}| = {worst:.2e}, min distance to the other version = {worst_other:.3f}')
sys.exit(0 if worst <= 1e-5 and worst_other > 1e-3 else 1)
PYEOF
answers() { $PY "$work/probe.py" answers "$base" "$expected" "$1"; }
status() { $PY "$work/probe.py" status "$base" "$model"; }
# wait_answers VERSION SECONDS: polls until the served answers are VERSION's; prints the time it took
wait_answers() {
  local start=$SECONDS out
  while [ $((SECONDS - start)) -lt "$2" ]; do
    out=$(answers "$1") && { echo "after $((SECONDS - start)) s, $out"; return 0; }
    sleep 0.25
  done
  echo "not within $2 s: $out"; return 1
}
# wait_status FIELD_TEST SECONDS: polls status until the awk condition on its tab-separated line holds
wait_status() {
  local start=$SECONDS line
  while [ $((SECONDS - start)) -lt "$2" ]; do
    line=$(status)
    awk -F'\t' "$1 { ok = 1 } END { exit !ok }" <<<"$line" && { echo "$line"; return 0; }
    sleep 0.25
  done
  echo "$line"; return 1
}
field() { cut -f"$1" <<<"$2"; }

cat >"$work/post.lua" <<'LUAEOF'
-- POST /noauth/predict for one text; per thread: answers, non-200 answers, 200s without a topic, and the best
-- label of each answer (v1 says "action > greeting" for this text, v2 "action > Others").
local threads = {}
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"modelIdentifier":"reloadable","text":"hi there, good morning"}'
function setup(thread) table.insert(threads, thread) end
function init(args) answers = 0; non200 = 0; badbody = 0; v1 = 0; v2 = 0 end
function response(status, headers, body)
  answers = answers + 1
  if status ~= 200 then non200 = non200 + 1
  elseif string.find(body, '"topic":{"name":"action > greeting"', 1, true) then v1 = v1 + 1
  elseif string.find(body, '"topic":{"name":"action > Others"', 1, true) then v2 = v2 + 1
  elseif not string.find(body, '"topic":{"name":', 1, true) then badbody = badbody + 1 end
end
function done(summary, latency, requests)
  local t = { answers = 0, non200 = 0, badbody = 0, v1 = 0, v2 = 0 }
  for _, thread in ipairs(threads) do
    for k in pairs(t) do t[k] = t[k] + thread:get(k) end
  end
  local e = summary.errors
  io.write(string.format("lua: answers=%d non200=%d badbody=%d v1_topic=%d v2_topic=%d errors(connect=%d read=%d write=%d status=%d timeout=%d) p99_ms=%.2f\n",
    t.answers, t.non200, t.badbody, t.v1, t.v2, e.connect, e.read, e.write, e.status, e.timeout, latency:percentile(99) / 1000))
end
LUAEOF
# check_wrk FILE LABEL: wrk's own error lines and the Lua counters
check_wrk() {
  local out=$1 label=$2 lua
  lua=$(grep '^lua:' "$out")
  if grep -Eq 'Socket errors|Non-2xx or 3xx' "$out"; then
    fail "$label: wrk reports errors: $(grep -E 'Socket errors|Non-2xx or 3xx' "$out" | tr '\n' ' ')"
  else
    pass "$label: wrk reports no socket errors and no non-2xx answers ($(grep -E 'requests in' "$out" | sed 's/^ *//'))"
  fi
  if [[ "$lua" =~ answers=([0-9]+)\ non200=0\ badbody=0 ]] && [ "${BASH_REMATCH[1]}" -gt 0 ] \
     && [[ "$lua" == *"errors(connect=0 read=0 write=0 status=0 timeout=0)"* ]]; then
    pass "$label: Lua counters: every answer a 200 with a topic ($lua)"
  else
    fail "$label: Lua counters: ${lua:-no lua line}"
  fi
}

# ---------------------------------------------------------------------------------------------- build, start
if [ "${1:-}" != --no-build ]; then
  echo "== dotnet build -c Release src/Nlp.Api"
  (cd "$repo" && dotnet build -c Release src/Nlp.Api -nologo -v q) >"$work/build.log" 2>&1 \
    || { tail -n 30 "$work/build.log"; die "dotnet build failed"; }
fi
[ -f "$bin/Nlp.Api.dll" ] || die "no $bin/Nlp.Api.dll"

port=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
echo "== starting Nlp.Api on $base, models root $work/models"
( cd "$bin" && exec env Models__Path="$work/models" Models__ScanInterval=00:00:02 \
    ConnectionStrings__Identity="Data Source=$work/identity/identity.db" \
    Identity__Admin__Password="hot-Reload-$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
    dotnet Nlp.Api.dll --urls "$base" ) >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/health/live")" = 200 ] && break
  kill -0 "$app_pid" 2>/dev/null || { tail -n 30 "$work/app.log"; die "the Api exited during start"; }
  sleep 0.5
done
[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/health/live")" = 200 ] || { tail -n 30 "$work/app.log"; die "no /health/live within 60 s"; }

out=$(answers v1) && pass "before any change: v1 answers ($out)" || die "v1 answers before any change: $out"
line=$(status)
[ "$(field 1 "$line")" = Available ] && [ "$(field 2 "$line")" = 1 ] && pass "GET /v1/models/$model: Available, version 1" \
  || fail "GET /v1/models/$model before any change: $line"
wrk -t2 -c16 -d3s -s "$work/post.lua" "$base/noauth/predict" >"$work/warmup.txt" 2>&1   # JIT and connection warm-up

# ---------------------------------------------------------------------------------------------- 1. under load
echo "== wrk -t2 -c16 -d${load_s}s --latency (POST /noauth/predict, model $model)"
wrk -t2 -c16 -d${load_s}s --latency -s "$work/post.lua" "$base/noauth/predict" >"$work/wrk.txt" 2>&1 &
wrk_pid=$!
load_start=$SECONDS
under_load() { kill -0 "$wrk_pid" 2>/dev/null && echo "under load, t=$((SECONDS - load_start)) s" || echo "AFTER wrk ended"; }
at() { while [ $((SECONDS - load_start)) -lt "$1" ]; do sleep 0.2; done; }   # waits until t = $1 s into the load

at 8
v_before=$(field 2 "$(status)")
cp "$work/v2.h5" "$staging/weights.h5.new" && mv -f "$staging/weights.h5.new" "$folder/weights.h5"
echo "   $(under_load): v2 renamed over weights.h5 (atomic)"
out=$(wait_answers v2 8) && pass "1a. atomic replacement: v2 answers $out" || fail "1a. atomic replacement: $out"
line=$(status)
[ "$(field 2 "$line")" -gt "$v_before" ] && [ "$(field 4 "$line")" = None ] \
  && pass "1a. version $v_before -> $(field 2 "$line"), no lastError ($(under_load))" || fail "1a. status after the swap: $line"

at 15
v_before=$(field 2 "$(status)")
size=$(stat -c %s "$work/v1.h5"); half=$((size / 2))
head -c "$half" "$work/v1.h5" >"$folder/weights.h5"      # in place: truncates, then half of the bytes
echo "   $(under_load): v1 half-written in place ($half of $size bytes)"
line=$(wait_status '$4 ~ /weights\.h5/' 6) \
  && pass "1b. the half-written file was tried and refused, still version $(field 2 "$line"): $(field 4 "$line" | cut -c1-160)" \
  || fail "1b. no lastError for the half-written file: $line"
out=$(answers v2) && pass "1b. while half-written: v2 keeps serving ($out)" || fail "1b. while half-written: $out"
tail -c +"$((half + 1))" "$work/v1.h5" >>"$folder/weights.h5"
cmp -s "$work/v1.h5" "$folder/weights.h5" || fail "1b. the slow write did not reproduce v1"
echo "   $(under_load): v1 completed"
out=$(wait_answers v1 8) && pass "1b. once complete: v1 answers $out" || fail "1b. once complete: $out"
line=$(status)
[ "$(field 2 "$line")" -gt "$v_before" ] && [ "$(field 4 "$line")" = None ] \
  && pass "1b. version $v_before -> $(field 2 "$line"), lastError cleared ($(under_load))" || fail "1b. status after the slow write: $line"

at 22
cp "$work/v2.h5" "$folder/weights.h5"                     # plain cp: truncate + write over the served file
echo "   $(under_load): v2 copied over weights.h5 with cp (non-atomic)"
out=$(wait_answers v2 8) && pass "1c. cp over the served file: v2 answers $out ($(under_load))" || fail "1c. cp over the served file: $out"

wait "$wrk_pid"; wrk_status=$?; wrk_pid=""
echo "---- wrk output"; sed 's/^/   /' "$work/wrk.txt"
[ "$wrk_status" -eq 0 ] || fail "wrk exited with status $wrk_status"
check_wrk "$work/wrk.txt" "1. ${load_s} s under load with three replacements"
lua=$(grep '^lua:' "$work/wrk.txt")
[[ "$lua" =~ v1_topic=([0-9]+)\ v2_topic=([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -gt 0 ] && [ "${BASH_REMATCH[2]}" -gt 0 ] \
  && pass "1. the load itself saw both versions: ${BASH_REMATCH[1]} answers from v1, ${BASH_REMATCH[2]} from v2" \
  || fail "1. the load did not see both versions: $lua"

# ---------------------------------------------------------------------------------------------- 2. corrupt
line=$(status); v_good=$(field 2 "$line")
head -c "$(( $(stat -c %s "$work/v2.h5") / 2 ))" "$work/v2.h5" >"$staging/weights.h5.new" && mv -f "$staging/weights.h5.new" "$folder/weights.h5"
echo "== a corrupt weights.h5 (v2 cut to half, renamed over it); serving version $v_good"
line=$(wait_status '$4 ~ /weights\.h5/' 8) || fail "2. no lastError for the corrupt file: $line"
first_error_at=$(field 3 "$line")
if [ "$(field 1 "$line")" = Available ] && [ "$(field 2 "$line")" = "$v_good" ] && [[ "$(field 4 "$line")" == *weights.h5* ]]; then
  pass "2. GET /v1/models/$model: Available, version $v_good unchanged, lastError: $(field 4 "$line" | cut -c1-160)"
else
  fail "2. status with the corrupt file: $line"
fi
wrk -t2 -c16 -d6s --latency -s "$work/post.lua" "$base/noauth/predict" >"$work/wrk-corrupt.txt" 2>&1
check_wrk "$work/wrk-corrupt.txt" "2. 6 s under load with the corrupt file"
lua=$(grep '^lua:' "$work/wrk-corrupt.txt")
[[ "$lua" =~ v1_topic=0\ v2_topic=([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -gt 0 ] \
  && pass "2. every answer under load came from v2 (${BASH_REMATCH[1]})" || fail "2. answers under load: $lua"
out=$(answers v2) && pass "2. the previous version (v2) keeps serving: $out" || fail "2. with the corrupt file: $out"
line=$(status)
[ "$(field 2 "$line")" = "$v_good" ] && [ "$(field 3 "$line")" = "$first_error_at" ] \
  && pass "2. the corrupt file was tried once: lastErrorAt unchanged after 3 scans ($first_error_at)" \
  || fail "2. after 3 scans: $line (first failure at $first_error_at)"
cp "$work/v2.h5" "$staging/weights.h5.new" && mv -f "$staging/weights.h5.new" "$folder/weights.h5"
line=$(wait_status "\$2 > $v_good && \$4 == \"None\"" 8) \
  && pass "2. a valid file restored: version $v_good -> $(field 2 "$line"), lastError cleared" || fail "2. after restoring: $line"
out=$(answers v2) && pass "2. restored: v2 answers ($out)" || fail "2. restored: $out"

# ---------------------------------------------------------------------------------------------- 3. stop
loads=$(grep -c 'Loaded model reloadable' "$work/app.log")
failures=$(grep -c 'Model reloadable cannot be loaded' "$work/app.log")
echo "INFO  the Api logged $loads successful and $failures failed loads of $model"
kill -TERM "$app_pid"
for _ in $(seq 1 100); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$app_pid" 2>/dev/null; then
  fail "3. still running 10 s after SIGTERM"
else
  wait "$app_pid"; code=$?
  [ "$code" -eq 0 ] && pass "3. SIGTERM: clean exit" || fail "3. SIGTERM: exit status $code"
fi
app_pid=""
echo "INFO  total time $SECONDS s"
finish
