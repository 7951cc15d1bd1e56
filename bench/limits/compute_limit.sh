#!/usr/bin/env bash
# What Prediction:MaxComputeTime does to long texts: starts the built Api (Release) on the long_lstm model
# (bench/limits/make_long_text_model.py: open steps, LSTM(256)) with the limit LIMIT (default 00:00:00.3), then times
# ROUNDS (default 3) requests of each kind with curl: one text of WORDS (default 16000) tokens, and a batch of
# BATCH (default 16) such texts in one request (under 1 MiB); prints each status and wall time. LIMIT=off runs the
# same without a limit (the Api's default is 30 s). A short text is sent 20 times first (warm-up). Only 127.0.0.1.
#
#   bench/limits/compute_limit.sh [MODELS_DIR]   (default: bench/out/limit_models, made first when missing)
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
models=${1:-$repo/bench/out/limit_models}
[ -d "$models/long_lstm" ] || /usr/bin/python3 "$repo/bench/limits/make_long_text_model.py" "$models" > /dev/null || exit 2
models=$(cd "$models" && pwd)
limit=${LIMIT:-00:00:00.3}
port=${PORT:-18095}
work=$(mktemp -d /tmp/nlp-limit.XXXXXX)
/usr/bin/python3 - "$models/long_lstm/tokenizer.pkl" "${WORDS:-16000}" "${BATCH:-16}" "$work" <<'PY'
import json, pickle, sys
tokenizer = pickle.load(open(sys.argv[1], "rb"))
# The vocabulary's shortest words (ids under num_words), so that a text of 16,000 tokens stays under 100,000 characters.
words = [w for w, i in sorted(tokenizer.word_index.items(), key=lambda p: p[1]) if i < tokenizer.num_words and len(w) <= 3]
count, batch, work = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
texts = [" ".join(words[(i * 7 + b) % len(words)] for i in range(count)) for b in range(batch)]
json.dump({"modelIdentifier": "long_lstm", "text": texts[0]}, open(f"{work}/single.json", "w"))
json.dump({"instances": texts}, open(f"{work}/batch.json", "w"))
PY
settings=()
[ "$limit" = off ] || settings=(Prediction__MaxComputeTime="$limit")
(cd "$repo/src/Nlp.Api" && exec env "${settings[@]}" Models__Path="$models" ASPNETCORE_ENVIRONMENT=Production \
  Logging__LogLevel__Default=Warning dotnet bin/Release/net10.0/Nlp.Api.dll --urls "http://127.0.0.1:$port") > "$work/api.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 80); do curl -sf -o /dev/null "http://127.0.0.1:$port/v1/models/long_lstm" && break; sleep 0.25; done
# Warm-up: a short text, 20 times (the code paths compiled, the model's memory per step learned; the first few may
# pass the limit while the code is compiled).
for _ in $(seq 1 20); do
  curl -s -o /dev/null -X POST -H 'Content-Type: application/json' --data '{"modelIdentifier": "long_lstm", "text": "hi there"}' \
    "http://127.0.0.1:$port/noauth/predict"
done
echo "limit $limit, single $(stat -c %s "$work/single.json") bytes, batch $(stat -c %s "$work/batch.json") bytes"
for round in $(seq 1 "${ROUNDS:-3}"); do
  for kind in single batch; do
    path=$([ $kind = single ] && echo /noauth/predict || echo /v1/models/long_lstm:predict)
    curl -s -o /dev/null -w "round $round $kind: %{http_code} in %{time_total} s\n" -X POST -H 'Content-Type: application/json' \
      --data-binary "@$work/$kind.json" "http://127.0.0.1:$port$path"
  done
done
echo "server peak resident: $(awk '/^VmHWM:/ {print $2 / 1024 " MiB"}' "/proc/$pid/status")"
