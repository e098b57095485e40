#!/usr/bin/env bash
# `npm run eval:fresh -- <stream.csv> [--moderate] [other run-eval.mjs options]`: the recipe of docs/QUALITY.md
# ("How the figures are taken") in one command. Starts a fresh service built from this checkout (empty DATA_DIR, so
# its own private redis-server, default configuration), runs the shared harness (../shared/eval/run-eval.mjs) on one
# stream, keeps the full report in .data/eval/<stream>[-moderate].json, prints the harness's table, stops the service.
set -euo pipefail
cd "$(dirname "$0")/.."
stream=${1:?usage: npm run eval:fresh -- <stream.csv> [--moderate] [run-eval options]}
shift
eval_dir=${EVAL_DIR:-../shared/eval}
data_dir=$(mktemp -d)
port=${PORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}
token=eval-$(node -e "console.log(require('crypto').randomBytes(12).toString('hex'))")
mode=''
if [[ " $* " == *" --moderate "* ]]; then mode=-moderate; fi
report=.data/eval/${stream%.csv}$mode.json
mkdir -p .data/eval
ADMIN_TOKEN=$token PORT=$port DATA_DIR=$data_dir node dist/app/main.js >"$data_dir/service.log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null; wait $service 2>/dev/null; rm -rf "$data_dir"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break
  kill -0 $service 2>/dev/null || { cat "$data_dir/service.log" >&2; exit 1; }
  sleep 0.5
done
node "$eval_dir/run-eval.mjs" --base "http://127.0.0.1:$port" --token "$token" --data "$eval_dir/data" \
  --stream "$stream" --json "$report" --quiet "$@"
