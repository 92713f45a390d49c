#!/usr/bin/env bash
# Load test: requests/s and latency of Annexa's main routes against /healthz (a minimal JSON
# route, the ceiling) measured in the same run, with wrk from a second process. The server is
# pinned to core 0 and wrk to core 1 (taskset) so they do not fight for a core. Loopback only,
# bounded in time; it stops by itself.
#
#   scripts/load.sh                 10 s per route, registry of 20,000 demo certificates
#   scripts/load.sh --full          60 s per route, registry of 1,000,000 demo certificates
#   scripts/load.sh --postgres      also the registry and lead routes on PostgreSQL, same run
#   DURATION=30 RECORDS=100000 scripts/load.sh
#   ACCEPT_ENCODING="gzip, deflate, br, zstd" scripts/load.sh   as a browser asks: compression too
#   BIN=path/to/annexa scripts/load.sh   another build, as it is (default: builds this tree's)
#
# With --postgres, a second server runs on a PostgreSQL database (scripts/pg.sh, port
# ANNEXA_PG_PORT, default 55433, started if needed) holding the same records; PostgreSQL's
# processes are pinned to core 0 with it, so both stores get the same core.
#
# Each route is measured twice: closed loop (wrk: 16 connections sending as fast as answers
# come back — the throughput ceiling) and, when oha is installed (cargo install oha), open loop:
# requests sent at a fixed rate whatever the answers, on OPEN_CONNECTIONS connections (default
# 64), with latency measured from when each request was due (--latency-correction), so a stall
# shows in the percentiles instead of slowing the sender. The open-loop rate is OPEN_SHARE
# (default 0.4) times the closed-loop /healthz rate of the same server in the same run, or
# OPEN_RATE requests/s when set. Each open-loop row also gives how busy the server kept its
# core: at a fixed rate the p99 depends mostly on that share, as the queue behind any pause of
# the machine drains at what is left of the core.
#
# Each measurement starts on an idle server (scripts/load/measure.sh, `settle`): a route the
# server could not keep up with in the open loop leaves requests queued, which the next route
# would otherwise find ahead of its own.
#
# The score route is measured twice: the full questionnaire's fixture asked again and again,
# and 64 documents of the same questions with their answers shuffled, one per request in turn
# (scripts/load/score-variants.py): each is then matched against the layout of the one before
# it (`Skeleton`, shared/src/answers/skeleton.rs) but scored to a report of its own.
#
# The verify route is measured three or four times: one certificate asked again and again (its
# scope reading kept), 1,000 certificates spread over the registry, one per request in turn,
# 20,000 in turn — more than either store keeps in memory: once full, each keeps those it
# holds and turns the others away (kept.rs, `Doorkeeper`), so some of them are answered from
# memory — and, on a registry of more than 20,000, 200,000 (or every one) in turn: a run of
# DURATION seconds asks none of them twice, so none is answered from memory.
#
# Prints Markdown tables for docs/BENCHMARKS.md. Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-10}"
RECORDS="${RECORDS:-20000}"
CONNECTIONS="${CONNECTIONS:-16}"
# The open loop's connections. More than the closed loop's: at a fixed rate of 45,000 requests/s,
# 16 connections must each turn a request around every 0.36 ms, so a short stall leaves oha
# with no free connection and the requests then due wait in oha itself (its own queue, counted
# as latency by --latency-correction). Many clients arriving at that rate would not share 16
# connections. (docs/BENCHMARKS.md, "Issue 17, twentieth round": p99 8.5–22 ms with 16, 5.3–7.3
# ms with 64, same server, same rate.)
OPEN_CONNECTIONS="${OPEN_CONNECTIONS:-64}"
OPEN_SHARE="${OPEN_SHARE:-0.4}"
# Sent as Accept-Encoding with every request when set (e.g. "gzip, deflate, br, zstd", as a
# browser sends it): the answers' compression is then measured too. Unset, both loops ask for
# answers as they are.
ACCEPT_ENCODING="${ACCEPT_ENCODING:-}"
encoding_args=()
[ -n "$ACCEPT_ENCODING" ] && encoding_args=(-H "Accept-Encoding: $ACCEPT_ENCODING")
ROUTES="${ROUTES:-all}" # or "score,verify": only these routes (and /healthz)
POSTGRES=""
for arg in "$@"; do
  case "$arg" in
    --full) DURATION=60; RECORDS=1000000 ;;
    --postgres) POSTGRES=1 ;;
    *) echo "load.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

command -v wrk >/dev/null || { echo "load.sh: wrk is missing (apt-get install wrk)" >&2; exit 2; }
. scripts/load/measure.sh
export PATH="$HOME/.cargo/bin:$PATH"

work=$(mktemp -d)
server_pid=""
pg_started=""
stop_server() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  server_pid=""
}
cleanup() {
  stop_server
  # The load database is large (1.7 GB at 1,000,000 records): drop it.
  if [ -n "${pg_url:-}" ]; then psql "$pg_url" -qc "DROP DATABASE IF EXISTS annexa_load" >&2 || true; fi
  if [ -n "$pg_started" ]; then scripts/pg.sh stop >&2 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${BIN:-}" ]; then
  bin=$(realpath "$BIN")
  [ -x "$bin" ] || { echo "load.sh: BIN=$BIN is not an executable" >&2; exit 2; }
else
  echo "==> building annexa (release)" >&2
  cargo build --release --locked -p annexa-api --bin annexa >&2
  bin="${CARGO_TARGET_DIR:-target}/release/annexa"
fi
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
admin_key="load-test-admin-key-$(date +%s)"

echo "==> generating and importing $RECORDS demo certificates" >&2
started=$(date +%s.%N)
"$bin" certs demo --count "$RECORDS" --out "$work/certs.jsonl" >&2
"$bin" certs import --db "$work/annexa.db" "$work/certs.jsonl" >/dev/null
import_s=$(awk -v a="$(date +%s.%N)" -v b="$started" 'BEGIN { printf "%.1f", a - b }')
db_mb=$(sqlite_mb "$work/annexa.db")

# A certificate number that exists, for the verify body; and 1,000 certificates spread over
# the registry, each with one of a few activities, for the route verified many ways.
number=$(head -1 "$work/certs.jsonl" | sed -E 's/.*"certificate_number":"([^"]+)".*/\1/')
printf '{"certificate_number":"%s","as_of":"2026-06-01","claim":{"activities":["software development"],"sites":[]}}' \
  "$number" > "$work/verify.json"
# And 20,000 (or every one, when fewer): more than the PostgreSQL store keeps in memory
# (api/src/store/certificates/kept.rs), so that every lookup there goes to the server.
python3 - "$work/certs.jsonl" "$RECORDS" "$work" <<'PY'
import json, sys
path, records, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
activities = ["software development", "cloud hosting", "payroll services", "customer support"]
for count, out in ((1000, "verify-many.jsonl"), (20000, "verify-spread.jsonl"),
                   (200000, "verify-wide.jsonl")):
    step = max(1, records // count)
    with open(path) as f, open(f"{work}/{out}", "w") as out:
        for i, line in enumerate(f):
            if i % step == 0:
                r = json.loads(line)
                print(json.dumps({
                    "certificate_number": r["certificate_number"],
                    "certification_body": r["certification_body"],
                    "as_of": "2026-06-01",
                    "claim": {"activities": [activities[(i // step) % len(activities)]], "sites": []},
                }), file=out)
PY
# The full questionnaire's fixture 64 times, its answers shuffled among its questions each
# time: one program's documents, each scored to a report of its own.
scripts/load/score-variants.py shared/tests/fixtures/full_mixed.answers.json 64 \
  > "$work/score-variants.jsonl"
lines_of() { # a file's line count, as 20,000 for 20000
  wc -l < "$1" | tr -d ' ' | sed -E ':a;s/([0-9])([0-9]{3})($|,)/\1,\2\3/;ta'
}
spread=$(lines_of "$work/verify-spread.jsonl")
wide=$(lines_of "$work/verify-wide.jsonl")

start_server() { # label, then the database options
  local label=$1
  shift
  echo "==> starting annexa serve on core 0 ($base, $label)" >&2
  ANNEXA_ADMIN_KEY="$admin_key" ANNEXA_LOG=warn taskset -c 0 "$bin" serve --bind "127.0.0.1:$port" \
    "$@" --demo --rate-limit-ip 0 --rate-limit-widget-key 0 --workers 1 >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 300); do
    curl -fsS "$base/readyz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -fsS "$base/readyz" >/dev/null || { cat "$work/server.log" >&2; exit 1; }
  # The lead must carry the demo key's own consent text, as the widget does.
  consent=$(curl -fsS "$base/api/v1/widget-config/demo" | sed -E 's/.*"consent_text":"(([^"\\]|\\.)*)".*/\1/')
  lead_body="$work/lead.json"
  printf '{"widget_key":"demo","contact":{"name":"Load Test","email":"load@example.test","company":"Fictitious Load Ltd"},"consent":{"text":"%s","agreed_at":"2026-11-29T12:00:00Z"},"answers":%s}' \
    "$consent" "$(cat shared/tests/fixtures/quick_mixed.answers.json)" > "$lead_body"
}
rss() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$server_pid/status"; }

# The built widget module's wasm (the largest static file the server sends), if any.
asset=""
if [ -d dist ]; then
  asset=$(cd dist && ls -1 annexa-widget-*_bg.wasm 2>/dev/null | head -1 || true)
fi

run() { # name method path [body]
  local name=$1 method=$2 path=$3 body=${4:-}
  local out
  SERVER_PID=$server_pid settle
  if [ "$method" = POST ]; then
    local bodies=""
    # A JSON Lines file: one line per request, in turn.
    [[ "$body" == *.jsonl ]] && bodies=$body
    out=$(BODY="$body" BODIES="$bodies" ADMIN_KEY="$admin_key" taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency \
      "${encoding_args[@]}" -s scripts/load/post.lua "$base$path")
  else
    out=$(taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "${encoding_args[@]}" "$base$path")
  fi
  local rps p50 p99 errors
  rps=$(rps <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx responses/ { print $5 } /Socket errors/ { print "socket:" $4 $6 $8 $10 }' <<<"$out" | paste -sd' ')
  echo "$name|$rps|$p50|$p99|${errors:-0}"
}

open_loop() { # name method path body rate
  local name=$1 method=$2 path=$3 body=$4 rate=$5
  command -v oha >/dev/null || return 0
  # oha sends one body: the route verified over many certificates is measured in closed loop only.
  [[ "$body" == *.jsonl ]] && return 0
  local args=(-z "${DURATION}s" -c "$OPEN_CONNECTIONS" -q "$rate" --latency-correction --no-tui
    --output-format json)
  # oha asks for compressed answers on its own: as wrk, only when ACCEPT_ENCODING says so.
  if [ -n "$ACCEPT_ENCODING" ]; then
    args+=("${encoding_args[@]}")
  else
    args+=(--disable-compression)
  fi
  if [ "$method" = POST ]; then
    args+=(-m POST -T application/json -D "$body" -H "Authorization: Bearer $admin_key")
  fi
  SERVER_PID=$server_pid settle
  local before after
  before=$(SERVER_PID=$server_pid cpu_ticks)
  taskset -c 1 oha "${args[@]}" "$base$path" >"$work/oha.json" 2>/dev/null || return 0
  after=$(SERVER_PID=$server_pid cpu_ticks)
  python3 - "$name" "$rate" "$work/oha.json" "$before" "$after" "$(getconf CLK_TCK)" <<'PY'
import json, sys
name, rate, path = sys.argv[1], float(sys.argv[2]), sys.argv[3]
before, after, hz = sys.argv[4].split(), sys.argv[5].split(), float(sys.argv[6])
r = json.load(open(path))
s, p = r["summary"], r["latencyPercentiles"]
codes = r.get("statusCodeDistribution", {})
# Requests still in flight when the time is up are cut by oha ("aborted due to deadline"):
# not the server's failures.
errors = {k: n for k, n in r.get("errorDistribution", {}).items() if "deadline" not in k}
bad = sum(n for c, n in codes.items() if not c.startswith("2")) + sum(errors.values())
ms = lambda v: "%.2fms" % (v * 1000) if v is not None else "-"
done = s["requestsPerSec"] * s["successRate"]
# The server's share of its core over the run: the queue behind any pause of the machine drains
# at what is left, so the p99 climbs steeply past about 75 % (docs/BENCHMARKS.md, twenty-sixth
# round).
busy = sum(int(b) - int(a) for a, b in zip(before, after)) / hz / s["total"]
print("%s|%.0f|%.0f|%.0f %%|%s|%s|%s" % (name, rate, done, busy * 100, ms(p["p50"]), ms(p["p99"]), bad))
PY
}
wanted() { [ "$ROUTES" = all ] || [[ ",$ROUTES," == *",$1,"* ]]; }
# The closed-loop routes of one server, then the same routes in open loop at a fixed rate.
measure() { # suffix, then the route names to run
  local suffix=$1
  shift
  local routes=("$@") healthz rate
  local specs=()
  for route in "${routes[@]}"; do
    case "$route" in
      healthz) specs+=("GET /healthz (ceiling$suffix)|GET|/healthz|") ;;
      score) specs+=("POST /api/v1/assessments/score (full$suffix)|POST|/api/v1/assessments/score|shared/tests/fixtures/full_mixed.answers.json")
        specs+=("POST /api/v1/assessments/score (full, 64 documents in turn$suffix)|POST|/api/v1/assessments/score|$work/score-variants.jsonl") ;;
      verify) specs+=("POST /api/v1/certificates/verify ($RECORDS records$suffix)|POST|/api/v1/certificates/verify|$work/verify.json")
        specs+=("POST /api/v1/certificates/verify (1,000 certificates in turn$suffix)|POST|/api/v1/certificates/verify|$work/verify-many.jsonl")
        specs+=("POST /api/v1/certificates/verify ($spread certificates in turn$suffix)|POST|/api/v1/certificates/verify|$work/verify-spread.jsonl")
        if [ "$RECORDS" -gt 20000 ]; then
          specs+=("POST /api/v1/certificates/verify ($wide certificates in turn, none asked twice$suffix)|POST|/api/v1/certificates/verify|$work/verify-wide.jsonl")
        fi ;;
      leads) specs+=("POST /api/v1/leads$suffix|POST|/api/v1/leads|$lead_body") ;;
      asset) [ -n "$asset" ] && specs+=("GET widget wasm (static$suffix)|GET|/$asset|") ;;
    esac
  done
  for spec in "${specs[@]}"; do
    IFS='|' read -r name method path body <<<"$spec"
    results+=("$(run "$name" "$method" "$path" "$body")")
  done
  healthz=$(cut -d'|' -f2 <<<"${results[${#results[@]} - ${#specs[@]}]}")
  rate=${OPEN_RATE:-$(awk -v h="$healthz" -v s="$OPEN_SHARE" 'BEGIN { printf "%d", h * s }')}
  for spec in "${specs[@]}"; do
    IFS='|' read -r name method path body <<<"$spec"
    local line
    line=$(open_loop "$name" "$method" "$path" "$body" "$rate")
    [ -n "$line" ] && open_results+=("$line")
  done
  return 0
}
routes_of() { # the routes wanted among the arguments, healthz always first
  local out=(healthz)
  for route in "$@"; do wanted "$route" && out+=("$route"); done
  echo "${out[@]}"
}

open_results=()
start_server SQLite --db "$work/annexa.db"
rss_before=$(rss)
echo "==> load: ${DURATION}s per route, $CONNECTIONS connections" >&2
results=()
# shellcheck disable=SC2046 # one word per route
measure "" $(routes_of score verify leads asset)
rss_after=$(rss)
stop_server

if [ -n "$POSTGRES" ]; then
  export ANNEXA_PG_PORT="${ANNEXA_PG_PORT:-55433}"
  scripts/pg.sh status >/dev/null 2>&1 || pg_started=1
  pg_url=$(scripts/pg.sh url)
  load_url=$(scripts/pg.sh fresh annexa_load)
  echo "==> importing $RECORDS demo certificates into PostgreSQL" >&2
  started=$(date +%s.%N)
  "$bin" certs import --database-url "$load_url" "$work/certs.jsonl" >/dev/null
  pg_import_s=$(awk -v a="$(date +%s.%N)" -v b="$started" 'BEGIN { printf "%.1f", a - b }')
  pg_mb=$(psql "$load_url" -Atc "SELECT pg_database_size(current_database()) / 1000000")
  psql "$load_url" -qc "VACUUM ANALYZE" >&2
  # And the import's pages written out now, not by the checkpointer in the middle of the
  # measurement (it shares core 0 with annexa below).
  psql "$load_url" -qc "CHECKPOINT" >&2
  # PostgreSQL's postmaster and every backend it forks from now on share core 0 with annexa.
  postmaster=$(psql "$load_url" -Atc "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'")
  postmaster=$(ps -o ppid= -p "$postmaster" | tr -d ' ')
  taskset -a -cp 0 "$postmaster" >/dev/null
  start_server PostgreSQL --database-url "$load_url"
  pg_rss_before=$(rss)
  # shellcheck disable=SC2046 # one word per route
  measure ", PostgreSQL" $(routes_of score verify leads)
  pg_rss_after=$(rss)
  stop_server
  taskset -a -cp 0,1 "$postmaster" >/dev/null || true
fi

ceiling=$(cut -d'|' -f2 <<<"${results[0]}")
echo
echo "| route | req/s | ratio to /healthz | p50 | p99 | errors |"
echo "|---|---:|---:|---:|---:|---|"
for r in "${results[@]}"; do
  IFS='|' read -r name rps p50 p99 errors <<<"$r"
  # Each server's routes are compared with that server's own /healthz.
  case "$name" in *ceiling*) ceiling=$rps ;; esac
  ratio=$(awk -v a="$rps" -v b="$ceiling" 'BEGIN { printf "%.2f", a / b }')
  echo "| $name | $rps | $ratio | $p50 | $p99 | $errors |"
done
if [ -n "$POSTGRES" ]; then
  # The issue's rule for the second store: each figure within 2 × of SQLite's. Time per
  # request is the inverse of requests per second in the same closed loop.
  echo
  echo "PostgreSQL against SQLite, closed loop (time per request; the rule: at most 2 ×):"
  echo
  echo "| route | SQLite req/s | PostgreSQL req/s | PostgreSQL's time |"
  echo "|---|---:|---:|---:|"
  for r in "${results[@]}"; do
    IFS='|' read -r name rps _ <<<"$r"
    [[ "$name" == *", PostgreSQL"* ]] || continue
    sqlite_name=${name/, PostgreSQL/}
    for q in "${results[@]}"; do
      IFS='|' read -r other sqlite_rps _ <<<"$q"
      [ "$other" = "$sqlite_name" ] || continue
      times=$(awk -v a="$sqlite_rps" -v b="$rps" 'BEGIN { printf "%.2f", a / b }')
      echo "| $sqlite_name | $sqlite_rps | $rps | $times × |"
    done
  done
  echo "| import of $RECORDS records | $import_s s | $pg_import_s s | $(awk -v a="$pg_import_s" -v b="$import_s" 'BEGIN { if (b > 0) printf "%.2f ×", a / b; else printf "—" }') |"
fi
if [ ${#open_results[@]} -gt 0 ]; then
  echo
  if [ -n "${OPEN_RATE:-}" ]; then
    echo "Open loop (oha --latency-correction, $OPEN_CONNECTIONS connections), every route at $OPEN_RATE requests/s:"
  else
    echo "Open loop (oha --latency-correction, $OPEN_CONNECTIONS connections), each server's routes at $OPEN_SHARE × its own closed-loop /healthz rate:"
  fi
  echo
  echo "| route | rate asked | req/s done | server's core busy | p50 | p99 | errors |"
  echo "|---|---:|---:|---:|---:|---:|---|"
  for r in "${open_results[@]}"; do
    IFS='|' read -r name rate done busy p50 p99 errors <<<"$r"
    echo "| $name | $rate | $done | $busy | $p50 | $p99 | $errors |"
  done
fi
echo
echo "Import of $RECORDS records: $import_s s; database on disk: ${db_mb} MB."
echo "Server memory (RSS): ${rss_before} MB before, ${rss_after} MB after the load."
if [ -n "$POSTGRES" ]; then
  echo "PostgreSQL: import of $RECORDS records $pg_import_s s; database ${pg_mb} MB;" \
    "annexa's memory ${pg_rss_before} MB before, ${pg_rss_after} MB after (PostgreSQL's own processes not counted)."
fi
