#!/usr/bin/env bash
# A/B of the score route: two annexa binaries, alternated in the same minutes (so both see the
# same neighbours on a shared machine). Server on core 0 (one worker), wrk on core 1, loopback
# only; the body is the full questionnaire's answers as scripts/load.sh sends it.
#
#   scripts/ab-score.sh BEFORE_BIN AFTER_BIN        e.g. two release builds of annexa
#   ROUNDS=3 DURATION=5 scripts/ab-score.sh …
#   ACCEPT_ENCODING="gzip, deflate, br, zstd" scripts/ab-score.sh …   as a browser asks
#   SCORE_BODY=other.json scripts/ab-score.sh …     another answers document
#   SCORE_BODIES=bodies.jsonl scripts/ab-score.sh …  one line per request, in turn (e.g. from
#                                                    scripts/load/score-variants.py)
#
# Prints, per round and binary, req/s of /healthz and of POST /api/v1/assessments/score, the
# ratio of the two, and the server's CPU time per request of each (user + system, from
# /proc/PID/stat: steadier than req/s when other work shares the machine).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: $0 BEFORE_BIN AFTER_BIN" >&2; exit 2; }
before=$(realpath "$1")
after=$(realpath "$2")
for bin in "$before" "$after"; do
  [ -x "$bin" ] || { echo "ab-score: $bin is not an executable" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "ab-score: needs wrk (apt-get install wrk)" >&2; exit 2; }
ROUNDS="${ROUNDS:-2}"
DURATION="${DURATION:-5}"
encoding_args=()
[ -n "${ACCEPT_ENCODING:-}" ] && encoding_args=(-H "Accept-Encoding: $ACCEPT_ENCODING")
work=$(mktemp -d)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

. scripts/load/measure.sh
echo "| round | binary | /healthz | score | ratio | CPU µs per /healthz | CPU µs per score |"
echo "|---|---|---:|---:|---:|---:|---:|"
for round in $(seq "$ROUNDS"); do
  for which in before after; do
    bin=$before
    [ "$which" = after ] && bin=$after
    port=$((30000 + RANDOM % 10000))
    base="http://127.0.0.1:$port"
    ANNEXA_LOG=warn taskset -c 0 "$bin" serve --db "$work/$which.db" --bind "127.0.0.1:$port" \
      --rate-limit-ip 0 --rate-limit-widget-key 0 --workers 1 >"$work/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 150); do curl -fsS "$base/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
    curl -fsS "$base/readyz" >/dev/null || { cat "$work/server.log" >&2; exit 1; }
    t0=$(cpu_ticks)
    out=$(taskset -c 1 wrk -t1 -c16 -d"${DURATION}s" "${encoding_args[@]}" "$base/healthz")
    t1=$(cpu_ticks)
    healthz=$(rps <<<"$out")
    healthz_cpu=$(cpu_per_request "$t0" "$t1" "$(requests <<<"$out")" | cut -d" " -f3)
    out=$(BODY=${SCORE_BODY:-shared/tests/fixtures/full_mixed.answers.json} BODIES=${SCORE_BODIES:-} \
      taskset -c 1 wrk -t1 -c16 \
      -d"${DURATION}s" "${encoding_args[@]}" -s scripts/load/post.lua "$base/api/v1/assessments/score")
    t2=$(cpu_ticks)
    grep -q "Non-2xx" <<<"$out" && { echo "ab-score: $which answered errors" >&2; exit 1; }
    score=$(rps <<<"$out")
    score_cpu=$(cpu_per_request "$t1" "$t2" "$(requests <<<"$out")" | cut -d" " -f3)
    kill "$SERVER_PID" && wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
    ratio=$(awk -v s="$score" -v h="$healthz" 'BEGIN { printf "%.2f", s / h }')
    echo "| $round | $which | $healthz | $score | $ratio | $healthz_cpu | $score_cpu |"
  done
done
