#!/usr/bin/env bash
# Load test: requests/s and latency of Annexa's main routes against /healthz (a minimal JSON
# route, the ceiling) measured in the same run, with wrk from a second process. The server is
# pinned to core 0 and wrk to core 1 (taskset) so they do not fight for a core. Loopback only,
# bounded in time; it stops by itself.
#
#   scripts/load.sh                 10 s per route, registry of 20,000 demo certificates
#   scripts/load.sh --full          60 s per route, registry of 1,000,000 demo certificates
#   DURATION=30 RECORDS=100000 scripts/load.sh
#
# Prints a Markdown table for docs/BENCHMARKS.md. Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-10}"
RECORDS="${RECORDS:-20000}"
CONNECTIONS="${CONNECTIONS:-16}"
for arg in "$@"; do
  case "$arg" in
    --full) DURATION=60; RECORDS=1000000 ;;
    *) echo "load.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

command -v wrk >/dev/null || { echo "load.sh: wrk is missing (apt-get install wrk)" >&2; exit 2; }
export PATH="$HOME/.cargo/bin:$PATH"

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "==> building annexa (release)" >&2
cargo build --release --locked -p annexa-api --bin annexa >&2
bin=target/release/annexa
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
admin_key="load-test-admin-key-$(date +%s)"

echo "==> generating and importing $RECORDS demo certificates" >&2
started=$(date +%s.%N)
"$bin" certs demo --count "$RECORDS" --out "$work/certs.jsonl" >&2
"$bin" certs import --db "$work/annexa.db" "$work/certs.jsonl" >/dev/null
import_s=$(awk -v a="$(date +%s.%N)" -v b="$started" 'BEGIN { printf "%.0f", a - b }')
db_mb=$(du -sm "$work"/annexa.db* | awk '{ s += $1 } END { print s }')

# A certificate number that exists, for the verify body.
number=$(head -1 "$work/certs.jsonl" | sed -E 's/.*"certificate_number":"([^"]+)".*/\1/')
printf '{"certificate_number":"%s","as_of":"2026-06-01","claim":{"activities":["software development"],"sites":[]}}' \
  "$number" > "$work/verify.json"
echo "==> starting annexa serve on core 0 ($base)" >&2
ANNEXA_ADMIN_KEY="$admin_key" ANNEXA_LOG=warn taskset -c 0 "$bin" serve --bind "127.0.0.1:$port" \
  --db "$work/annexa.db" --rate-limit-ip 0 --rate-limit-widget-key 0 --workers 1 >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "$base/readyz" >/dev/null || { cat "$work/server.log" >&2; exit 1; }
# The lead must carry the demo key's own consent text, as the widget does.
consent=$(curl -fsS "$base/api/v1/widget-config/demo" | sed -E 's/.*"consent_text":"(([^"\\]|\\.)*)".*/\1/')
lead_body="$work/lead.json"
printf '{"widget_key":"demo","contact":{"name":"Load Test","email":"load@example.test","company":"Fictitious Load Ltd"},"consent":{"text":"%s","agreed_at":"2026-11-29T12:00:00Z"},"answers":%s}' \
  "$consent" "$(cat shared/tests/fixtures/quick_mixed.answers.json)" > "$lead_body"
rss() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$server_pid/status"; }
rss_before=$(rss)

# First asset of the built widget, if any.
asset=""
if [ -d dist ]; then
  asset=$(cd dist && ls -1 *.wasm 2>/dev/null | head -1 || true)
fi

run() { # name method path [body]
  local name=$1 method=$2 path=$3 body=${4:-}
  local out
  if [ "$method" = POST ]; then
    out=$(BODY="$body" ADMIN_KEY="$admin_key" taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency \
      -s scripts/load/post.lua "$base$path")
  else
    out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$base$path")
  fi
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx responses/ { print $5 } /Socket errors/ { print "socket:" $4 $6 $8 $10 }' <<<"$out" | paste -sd' ')
  echo "$name|$rps|$p50|$p99|${errors:-0}"
}

echo "==> load: ${DURATION}s per route, $CONNECTIONS connections" >&2
results=()
results+=("$(run 'GET /healthz (ceiling)' GET /healthz)")
results+=("$(run 'POST /api/v1/assessments/score (full)' POST /api/v1/assessments/score shared/tests/fixtures/full_mixed.answers.json)")
results+=("$(run "POST /api/v1/certificates/verify ($RECORDS records)" POST /api/v1/certificates/verify "$work/verify.json")")
results+=("$(run 'POST /api/v1/leads' POST /api/v1/leads "$lead_body")")
[ -n "$asset" ] && results+=("$(run 'GET widget wasm (static)' GET "/$asset")")
rss_after=$(rss)

ceiling=$(cut -d'|' -f2 <<<"${results[0]}")
echo
echo "| route | req/s | ratio to /healthz | p50 | p99 | errors |"
echo "|---|---:|---:|---:|---:|---|"
for r in "${results[@]}"; do
  IFS='|' read -r name rps p50 p99 errors <<<"$r"
  ratio=$(awk -v a="$rps" -v b="$ceiling" 'BEGIN { printf "%.2f", a / b }')
  echo "| $name | $rps | $ratio | $p50 | $p99 | $errors |"
done
echo
echo "Import of $RECORDS records: $import_s s; database on disk: ${db_mb} MB."
echo "Server memory (RSS): ${rss_before} MB before, ${rss_after} MB after the load."
