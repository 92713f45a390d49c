#!/usr/bin/env bash
# The floor under the score route: what the same bytes in and out cost on actix when the route
# does no work. A bare actix server (api/examples/route_floor.rs: one worker, no middleware)
# answers /healthz, POST /floor (reads the full questionnaire's 6 KB body, answers with its
# 8.3 KB report made once at start) and POST /score (the route's work, no middleware); then
# the product's server answers /healthz and the real score route. Each server on core 0, wrk on
# core 1, loopback only; every route is compared with its own server's /healthz in the same run.
#
#   scripts/route-floor.sh                  2 rounds of 5 s per route
#   ROUNDS=3 DURATION=5 BIN=path/to/annexa scripts/route-floor.sh
#
# Prints req/s, the ratio to /healthz and the server's CPU µs per request (user, system).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "route-floor: needs wrk (apt-get install wrk)" >&2; exit 2; }
. scripts/load/measure.sh
ROUNDS="${ROUNDS:-2}"
DURATION="${DURATION:-5}"
BODY_FILE=shared/tests/fixtures/full_mixed.answers.json
cargo build --release --locked -p annexa-api --example route_floor >&2
floor_bin="${CARGO_TARGET_DIR:-target}/release/examples/route_floor"
if [ -z "${BIN:-}" ]; then
  cargo build --release --locked -p annexa-api --bin annexa >&2
  BIN="${CARGO_TARGET_DIR:-target}/release/annexa"
fi
work=$(mktemp -d)
SERVER_PID=""
stop() { if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi; SERVER_PID=""; }
trap 'stop; rm -rf "$work"' EXIT

# measure SERVER ROUTE METHOD PATH: one wrk run, one table row.
healthz_rps=""
measure() {
  local server=$1 route=$2 method=$3 path=$4 out before after
  before=$(cpu_ticks)
  if [ "$method" = GET ]; then
    out=$(taskset -c 1 wrk -t1 -c16 -d"${DURATION}s" "$base$path")
  else
    out=$(BODY="$BODY_FILE" taskset -c 1 wrk -t1 -c16 -d"${DURATION}s" -s scripts/load/post.lua "$base$path")
  fi
  after=$(cpu_ticks)
  grep -q "Non-2xx" <<<"$out" && { echo "route-floor: $server $route answered errors" >&2; exit 1; }
  local r cpu
  r=$(rps <<<"$out")
  [ "$route" = /healthz ] && healthz_rps=$r
  read -r u s t <<<"$(cpu_per_request "$before" "$after" "$(requests <<<"$out")")"
  cpu="$u | $s | $t"
  echo "| $round | $server | $route | $r | $(awk -v a="$r" -v b="$healthz_rps" 'BEGIN { printf "%.2f", a / b }') | $cpu |"
}
wait_ready() {
  for _ in $(seq 150); do curl -fsS "$base$1" >/dev/null 2>&1 && return; sleep 0.2; done
  cat "$work/server.log" >&2; exit 1
}

echo "| round | server | route | req/s | ratio to its /healthz | CPU µs user | system | total |"
echo "|---|---|---|---:|---:|---:|---:|---:|"
for round in $(seq "$ROUNDS"); do
  port=$((30000 + RANDOM % 10000)); base="http://127.0.0.1:$port"
  taskset -c 0 "$floor_bin" "127.0.0.1:$port" >"$work/server.log" 2>&1 &
  SERVER_PID=$!
  wait_ready /healthz
  measure bare /healthz GET /healthz
  measure bare "floor (same bytes, no work)" POST /floor
  measure bare "score, no middleware" POST /score
  stop
  port=$((30000 + RANDOM % 10000)); base="http://127.0.0.1:$port"
  ANNEXA_LOG=warn taskset -c 0 "$BIN" serve --db "$work/annexa.db" --bind "127.0.0.1:$port" \
    --rate-limit-ip 0 --rate-limit-widget-key 0 --workers 1 >"$work/server.log" 2>&1 &
  SERVER_PID=$!
  wait_ready /readyz
  measure annexa /healthz GET /healthz
  measure annexa "POST /api/v1/assessments/score" POST /api/v1/assessments/score
  stop
done
