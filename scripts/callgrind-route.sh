#!/usr/bin/env bash
# Instructions per request of one route against /healthz, counted by callgrind: steadier than
# requests per second on a shared machine (the kernel's share is left out; both routes pay it).
#
#   scripts/callgrind-route.sh verify     POST /api/v1/certificates/verify, one certificate
#   scripts/callgrind-route.sh verify-spread   the same route over 20,000 certificates in turn:
#                                         none is asked twice, so none is kept in memory
#   scripts/callgrind-route.sh score      POST /api/v1/assessments/score, the full questionnaire
#   BIN=path/to/annexa scripts/callgrind-route.sh verify      another build (default: release)
#   VALGRIND_ARGS=--cache-sim=yes scripts/callgrind-route.sh …   also count simulated cache misses
#
# The release server runs under valgrind with one worker on loopback; wrk drives /healthz and
# then the route for DURATION seconds each (default 3), with a callgrind dump after each. Prints
# the instructions per request of both and keeps the dumps (callgrind_annotate them) in a
# temporary folder it names. Needs valgrind and wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
route="${1:-}"
case "$route" in
  verify|verify-spread) path=/api/v1/certificates/verify; handler='annexa_api::registry::service::verify_request::\{\{closure\}\}' ;;
  score) path=/api/v1/assessments/score; handler='annexa_api::assessment::report_json_from_body' ;;
  *) echo "usage: $0 verify|verify-spread|score" >&2; exit 2 ;;
esac
for tool in valgrind callgrind_control callgrind_annotate wrk; do
  command -v "$tool" >/dev/null || { echo "callgrind-route: $tool is missing" >&2; exit 2; }
done
DURATION="${DURATION:-3}"
if [ -z "${BIN:-}" ]; then
  cargo build --release --locked -p annexa-api --bin annexa >&2
  BIN="${CARGO_TARGET_DIR:-target}/release/annexa"
fi
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
pid=""
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; }
trap cleanup EXIT

records=2000
if [ "$route" = verify-spread ]; then records=20000; fi
"$BIN" certs demo --count "$records" --out "$work/certs.jsonl" >/dev/null 2>&1
"$BIN" certs import --db "$work/annexa.db" "$work/certs.jsonl" >/dev/null
if [ "$route" = verify-spread ]; then
  # One request per certificate, in file order (a claim of one of four activities each).
  python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
activities = ["software development", "cloud hosting", "payroll services", "customer support"]
with open(f"{work}/bodies.jsonl", "w") as out:
    for i, line in enumerate(open(f"{work}/certs.jsonl")):
        r = json.loads(line)
        print(json.dumps({"certificate_number": r["certificate_number"], "as_of": "2026-06-01",
                          "claim": {"activities": [activities[i % 4]], "sites": []}}), file=out)
PY
  head -1 "$work/bodies.jsonl" > "$work/body.json"
elif [ "$route" = verify ]; then
  number=$(head -1 "$work/certs.jsonl" | sed -E 's/.*"certificate_number":"([^"]+)".*/\1/')
  printf '{"certificate_number":"%s","as_of":"2026-06-01","claim":{"activities":["software development"],"sites":[]}}' \
    "$number" > "$work/body.json"
else
  cp shared/tests/fixtures/full_mixed.answers.json "$work/body.json"
fi
cat > "$work/post.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$work/body.json", "r"); wrk.body = f:read("*a"); f:close()
EOF

ANNEXA_LOG=warn valgrind --tool=callgrind ${VALGRIND_ARGS:-} --callgrind-out-file="$work/cg.out" \
  "$BIN" serve --bind "127.0.0.1:$port" --db "$work/annexa.db" --dist dist \
  --rate-limit-ip 0 --workers 1 >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 120); do curl -sf "$base/healthz" >/dev/null && break; sleep 1; done
curl -sf "$base/healthz" >/dev/null || { echo "callgrind-route: the server did not start" >&2; exit 1; }
# Warm: the first requests read the scope, open connections, fill caches.
for _ in 1 2 3; do
  curl -sf -o /dev/null -H 'content-type: application/json' --data @"$work/body.json" "$base$path"
done
callgrind_control -z "$pid" >/dev/null
wrk -t1 -c16 -d"${DURATION}s" "$base/healthz" >/dev/null
callgrind_control -d "$pid" >/dev/null
if [ "$route" = verify-spread ]; then
  BODIES="$work/bodies.jsonl" wrk -t1 -c16 -d"${DURATION}s" -s scripts/load/post.lua "$base$path" >/dev/null
else
  wrk -t1 -c16 -d"${DURATION}s" -s "$work/post.lua" "$base$path" >/dev/null
fi
callgrind_control -d "$pid" >/dev/null
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""

calls() { # how many times the function matching $2 was called in dump $1
  callgrind_annotate --tree=calling --inclusive=yes --threshold=100 "$1" > "$1.calls" 2>/dev/null
  grep -m1 -E "> +\?\?\?:$2" "$1.calls" | sed -E 's/.*\(([0-9,]+)x\).*/\1/' | tr -d ,
}
total() { grep '^totals:' "$1" | awk '{ print $2 }'; }
health_n=$(calls "$work/cg.out.1" 'core::ptr::drop_in_place<actix_web::handler::handler_service<annexa_api::http::routes::health::healthz')
route_n=$(calls "$work/cg.out.2" "$handler")
echo "/healthz: $(( $(total "$work/cg.out.1") / health_n )) instructions per request ($health_n requests)"
echo "$route: $(( $(total "$work/cg.out.2") / route_n )) instructions per request ($route_n requests)"
echo "dumps: $work/cg.out.1 (/healthz) and $work/cg.out.2 ($route)"
