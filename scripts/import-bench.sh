#!/usr/bin/env bash
# Import benchmark: `annexa certs import` of RECORDS demo certificates (JSON Lines) into an empty
# SQLite registry (and PostgreSQL with --postgres), timed with /usr/bin/time -v: wall time, CPU
# time, peak memory (RSS) and the database size. BASELINE=path/to/another/annexa imports the same
# file with that binary first, in the same run, so the two can be compared on a shared machine.
#
#   scripts/import-bench.sh                      100,000 records, SQLite
#   RECORDS=1000000 scripts/import-bench.sh --postgres
#   BASELINE=/tmp/annexa-main RECORDS=1000000 scripts/import-bench.sh
#
# The full-text search after the import: cargo bench -p annexa-api --bench registry with
# ANNEXA_BENCH_DB pointing at a kept database (see docs/BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/load/measure.sh

RECORDS="${RECORDS:-100000}"
POSTGRES=""
for arg in "$@"; do
  case "$arg" in
    --postgres) POSTGRES=1 ;;
    *) echo "import-bench.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
[ -x /usr/bin/time ] || { echo "import-bench.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
export PATH="$HOME/.cargo/bin:$PATH"

work=$(mktemp -d)
pg_started=""
cleanup() {
  if [ -n "${load_url:-}" ]; then psql "$pg_url" -qc "DROP DATABASE IF EXISTS annexa_import" >&2 || true; fi
  if [ -n "$pg_started" ]; then scripts/pg.sh stop >&2 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cargo build --release --locked -p annexa-api --bin annexa >&2
bin="${CARGO_TARGET_DIR:-target}/release/annexa"
"$bin" certs demo --count "$RECORDS" --out "$work/certs.jsonl" >&2

measure() { # label, binary, then the database options
  local label=$1 binary=$2
  shift 2
  /usr/bin/time -v "$binary" certs import "$@" "$work/certs.jsonl" >"$work/out" 2>"$work/time"
  local wall user sys rss
  wall=$(awk -F': ' '/Elapsed/ { print $2 }' "$work/time")
  user=$(awk -F': ' '/User time/ { print $2 }' "$work/time")
  sys=$(awk -F': ' '/System time/ { print $2 }' "$work/time")
  rss=$(awk -F': ' '/Maximum resident/ { printf "%d", $2 / 1024 }' "$work/time")
  echo "| $label | $wall | $user + $sys | $rss MB | $(tail -1 "$work/out" | sed -E 's/.*"summary":(\{[^}]*\}).*/\1/') |"
}

echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| import of $RECORDS records | wall | CPU user + system (s) | peak RSS | summary |"
echo "|---|---:|---:|---:|---|"
if [ -n "${BASELINE:-}" ]; then
  measure "SQLite, baseline" "$BASELINE" --db "$work/baseline.db"
  echo "database: $(sqlite_mb "$work/baseline.db") MB" >&2
fi
measure "SQLite" "$bin" --db "$work/annexa.db"
echo "database: $(sqlite_mb "$work/annexa.db") MB" >&2
if [ -n "$POSTGRES" ]; then
  export ANNEXA_PG_PORT="${ANNEXA_PG_PORT:-55433}"
  scripts/pg.sh status >/dev/null 2>&1 || pg_started=1
  pg_url=$(scripts/pg.sh url)
  load_url=$(scripts/pg.sh fresh annexa_import)
  measure "PostgreSQL" "$bin" --database-url "$load_url"
  echo "database: $(psql "$load_url" -Atc "SELECT pg_database_size(current_database()) / 1000000") MB" >&2
fi
echo
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
