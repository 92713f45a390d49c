#!/usr/bin/env bash
# A/B of the verify route: two annexa binaries, alternated, each on its own copy of one SQLite
# registry of demo certificates, measured in the same minutes (so both see the same neighbours
# on a shared machine). Server on core 0 (one worker), wrk on core 1; loopback only.
#
#   scripts/ab-verify.sh BEFORE_BIN AFTER_BIN        e.g. two release builds of annexa
#   ROUNDS=3 DURATION=5 RECORDS=20000 scripts/ab-verify.sh …
#   POSTGRES=1 scripts/ab-verify.sh …               both on one PostgreSQL database instead
#
# With POSTGRES=1 the registry is imported once into the database annexa_ab of the cluster
# scripts/pg.sh runs on ANNEXA_PG_PORT (default 55433, started if needed, stopped again if this
# script started it), and PostgreSQL's processes share core 0 with the server, as in
# scripts/load.sh --postgres. Each server starts with nothing kept in memory.
#
# Prints, per round and binary, req/s of /healthz and of verify with one certificate again and
# again, 1,000 certificates in turn and all RECORDS in turn (as scripts/load.sh asks them), and the
# server's CPU time per request of the last (user + system, from /proc: steadier than req/s when
# other work shares the machine). With RECORDS above what a run of DURATION asks (e.g. 100000
# for 5 s), "all in turn" asks no certificate twice: every request is a lookup not kept.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: $0 BEFORE_BIN AFTER_BIN" >&2; exit 2; }
before=$(realpath "$1")
after=$(realpath "$2")
for bin in "$before" "$after"; do
  [ -x "$bin" ] || { echo "ab-verify: $bin is not an executable" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "ab-verify: needs wrk (apt-get install wrk)" >&2; exit 2; }
ROUNDS="${ROUNDS:-2}"
DURATION="${DURATION:-5}"
RECORDS="${RECORDS:-20000}"
key="ab-verify-admin-key-$(date +%s)"
work=$(mktemp -d)
server_pid=""
pg_started=""
postmaster=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  if [ -n "$postmaster" ]; then taskset -a -cp 0,1 "$postmaster" >/dev/null 2>&1 || true; fi
  if [ -n "${db_url:-}" ]; then psql "$(scripts/pg.sh url)" -qc "DROP DATABASE IF EXISTS annexa_ab" >&2 || true; fi
  if [ -n "$pg_started" ]; then scripts/pg.sh stop >&2 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$after" certs demo --count "$RECORDS" --out "$work/certs.jsonl" >/dev/null 2>&1
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
activities = ["software development", "cloud hosting", "payroll services", "customer support"]
lines = open(f"{work}/certs.jsonl").read().splitlines()
first = json.loads(lines[0])
json.dump({"certificate_number": first["certificate_number"], "as_of": "2026-06-01",
           "claim": {"activities": ["software development"], "sites": []}},
          open(f"{work}/one.json", "w"))
for count, name in ((1000, "many.jsonl"), (len(lines), "spread.jsonl")):
    step = max(1, len(lines) // count)
    with open(f"{work}/{name}", "w") as out:
        for i, line in enumerate(lines):
            if i % step == 0:
                r = json.loads(line)
                print(json.dumps({"certificate_number": r["certificate_number"],
                                  "certification_body": r["certification_body"],
                                  "as_of": "2026-06-01",
                                  "claim": {"activities": [activities[(i // step) % 4]], "sites": []}}),
                      file=out)
PY

if [ -n "${POSTGRES:-}" ]; then
  export ANNEXA_PG_PORT="${ANNEXA_PG_PORT:-55433}"
  scripts/pg.sh status >/dev/null 2>&1 || pg_started=1
  db_url=$(scripts/pg.sh fresh annexa_ab)
  "$after" certs import --database-url "$db_url" "$work/certs.jsonl" >/dev/null 2>&1
  psql "$db_url" -qc "VACUUM ANALYZE"
  postmaster=$(psql "$db_url" -Atc "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'")
  postmaster=$(ps -o ppid= -p "$postmaster" | tr -d ' ')
  taskset -a -cp 0 "$postmaster" >/dev/null
fi

. scripts/load/measure.sh
echo "| round | binary | /healthz | one certificate | 1,000 in turn | all in turn | CPU µs per request, all in turn |"
echo "|---|---|---:|---:|---:|---:|---:|"
for round in $(seq "$ROUNDS"); do
  for which in before after; do
    bin=$before
    [ "$which" = after ] && bin=$after
    store=(--db "$work/db/a.db")
    if [ -n "${db_url:-}" ]; then
      store=(--database-url "$db_url")
    else
      rm -rf "$work/db" && mkdir "$work/db"
      "$bin" certs import --db "$work/db/a.db" "$work/certs.jsonl" >/dev/null 2>&1
    fi
    port=$((30000 + RANDOM % 10000))
    base="http://127.0.0.1:$port"
    ANNEXA_ADMIN_KEY="$key" ANNEXA_LOG=warn taskset -c 0 "$bin" serve "${store[@]}" \
      --bind "127.0.0.1:$port" --rate-limit-ip 0 --rate-limit-widget-key 0 --workers 1 \
      >"$work/server.log" 2>&1 &
    server_pid=$!
    SERVER_PID=$server_pid
    for _ in $(seq 150); do curl -fsS "$base/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
    curl -fsS "$base/readyz" >/dev/null || { cat "$work/server.log" >&2; exit 1; }
    row="| $round | $which | $(taskset -c 1 wrk -t1 -c16 -d"${DURATION}s" "$base/healthz" | rps)"
    for body in one.json many.jsonl spread.jsonl; do
      bodies=""
      [[ $body == *.jsonl ]] && bodies="$work/$body"
      t0=$(cpu_ticks)
      out=$(BODY="$work/$body" BODIES="$bodies" ADMIN_KEY="$key" taskset -c 1 wrk -t1 -c16 \
        -d"${DURATION}s" -s scripts/load/post.lua "$base/api/v1/certificates/verify")
      t1=$(cpu_ticks)
      grep -q "Non-2xx" <<<"$out" && { echo "ab-verify: $which answered errors on $body" >&2; exit 1; }
      row="$row | $(rps <<<"$out")"
    done
    # The CPU time of the last run, all in turn.
    cpu=$(cpu_per_request "$t0" "$t1" "$(requests <<<"$out")" | cut -d" " -f3)
    row="$row | $cpu"
    kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
    server_pid=""
    echo "$row |"
  done
done
