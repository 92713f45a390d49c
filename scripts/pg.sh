#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: loopback only, its own data directory, its own
# port, fsync on (the crash tests need a server that keeps its promises).
#
#   scripts/pg.sh start    create the cluster if missing, start it, print its URL
#   scripts/pg.sh stop     stop it (fast shutdown: open sessions are cut)
#   scripts/pg.sh url      print the URL
#   scripts/pg.sh status   exit 0 when our server answers on the port, 3 when nothing answers,
#                          4 when another server answers there (another checkout's cluster)
#   scripts/pg.sh fresh DB start (as `start`), drop and create the database DB, print its URL
#
# ANNEXA_PG_DIR is the data directory (default ./target/pg, or /var/tmp/annexa-pg-PORT when the
# postgres user cannot reach ./target) and ANNEXA_PG_PORT the port (default 55432). The
# superuser is `annexa`, password `annexa`; the URL names the `postgres` database, so a test
# connects with it and creates a database of its own.
#
# "Our server" is the one running from ANNEXA_PG_DIR: its postmaster.pid names the port and
# its process is alive. `start` does nothing when our server already answers on the port (it
# prints the URL all the same), so callers that want to stop only what they started ask
# `status` first. When another server answers on the port (a cluster of another checkout, with
# other data), `start` refuses rather than hand out that server: choose another ANNEXA_PG_PORT
# (scripts/test.sh does so by itself). `stop` only ever stops our server. As root, the
# cluster belongs to and runs as the `postgres` system user (PostgreSQL refuses to run as root);
# otherwise as the current user. The server's log is the data directory's `server.log`.
set -euo pipefail

PG_DIR="${ANNEXA_PG_DIR:-$PWD/target/pg}"
PG_PORT="${ANNEXA_PG_PORT:-55432}"
PG_HOST=127.0.0.1
PG_USER=annexa
PG_PASSWORD=annexa

die() {
  echo "pg.sh: $*" >&2
  exit 1
}

usage() {
  echo "usage: scripts/pg.sh start|stop|url|status|fresh DATABASE" >&2
  exit 2
}

case "$PG_PORT" in
  '' | *[!0-9]*) die "ANNEXA_PG_PORT must be a port number, not '$PG_PORT'" ;;
esac
# Absolute, because the server runs from / (the postgres user may not read the caller's
# directory) and the socket path goes into its configuration.
PG_DIR="$(realpath -m -- "$PG_DIR")"
LOG="$PG_DIR/server.log"
URL="postgres://$PG_USER:$PG_PASSWORD@$PG_HOST:$PG_PORT/postgres"

# The newest PostgreSQL under /usr/lib/postgresql, or the one whose major version matches an
# existing cluster (a cluster cannot be opened by another major version).
find_bin() {
  local want="" dir
  [ -f "$PG_DIR/PG_VERSION" ] && want="$(cat "$PG_DIR/PG_VERSION")"
  if [ -n "$want" ]; then
    dir="/usr/lib/postgresql/$want/bin"
    [ -x "$dir/initdb" ] && { echo "$dir"; return; }
    die "the cluster in $PG_DIR is PostgreSQL $want, which is not installed under" \
      "/usr/lib/postgresql; remove $PG_DIR to start afresh"
  fi
  dir="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && { echo "$dir"; return; }
  die "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb);" \
    "scripts/setup.sh installs Debian's postgresql package"
}

if [ "$(id -u)" -eq 0 ]; then
  OWNER=postgres
  need_owner() {
    id -u "$OWNER" >/dev/null 2>&1 \
      || die "running as root, but there is no '$OWNER' system user to run the server" \
        "(Debian's postgresql package creates it; run scripts/setup.sh)"
  }
  as_owner() {
    if command -v runuser >/dev/null 2>&1; then
      (cd / && runuser -u "$OWNER" -- "$@")
    else
      (cd / && su -s /bin/sh "$OWNER" -c "$(printf '%q ' "$@")")
    fi
  }
else
  OWNER="$(id -un)"
  need_owner() { :; }
  as_owner() { (cd / && "$@"); }
fi

# As root, the default data directory must be reachable by the postgres user; a checkout under
# a private directory (mode 700, as `mktemp -d` makes) is not, so the cluster goes to /var/tmp.
if [ -z "${ANNEXA_PG_DIR:-}" ] && [ "$(id -u)" -eq 0 ] && id -u "$OWNER" >/dev/null 2>&1; then
  ancestor="$(dirname "$PG_DIR")"
  while [ ! -e "$ancestor" ]; do ancestor="$(dirname "$ancestor")"; done
  if ! as_owner test -x "$ancestor"; then
    PG_DIR="/var/tmp/annexa-pg-$PG_PORT"
    LOG="$PG_DIR/server.log"
  fi
fi

answers() {
  "$BIN/pg_isready" -q -h "$PG_HOST" -p "$PG_PORT" -t 2
}

# Whether the server that answers on the port is ours. A server from another data directory
# may hold the port (a developer's cluster from another checkout); its data and its life are
# not ours to use. postmaster.pid's fourth line is the port the server listens on.
ours_answers() {
  [ -f "$PG_DIR/postmaster.pid" ] \
    && [ "$(sed -n 4p "$PG_DIR/postmaster.pid" 2>/dev/null)" = "$PG_PORT" ] \
    && as_owner "$BIN/pg_ctl" -D "$PG_DIR" status >/dev/null 2>&1 \
    && answers
}

show_log() {
  if [ -f "$LOG" ]; then
    echo "--- last lines of $LOG ---" >&2
    tail -n 30 "$LOG" >&2
  fi
}

create_cluster() {
  if [ -e "$PG_DIR" ] && [ -n "$(ls -A "$PG_DIR" 2>/dev/null)" ]; then
    die "$PG_DIR exists and is not a PostgreSQL data directory (no PG_VERSION);" \
      "remove it or choose another ANNEXA_PG_DIR"
  fi
  echo "pg.sh: creating a cluster in $PG_DIR" >&2
  mkdir -p "$PG_DIR"
  chmod 700 "$PG_DIR"
  if [ "$(id -u)" -eq 0 ]; then
    chown "$OWNER:" "$PG_DIR"
  fi
  as_owner test -w "$PG_DIR" \
    || die "the '$OWNER' user cannot write $PG_DIR (a parent directory is closed to it?);" \
      "set ANNEXA_PG_DIR to a directory it can reach"
  local pwfile
  pwfile="$(mktemp)"
  printf '%s\n' "$PG_PASSWORD" >"$pwfile"
  [ "$(id -u)" -eq 0 ] && chown "$OWNER:" "$pwfile"
  # C.UTF-8: byte-order collation (no dependence on the machine's locales) with Unicode-aware
  # lower()/upper(), which plain C does not do for non-ASCII letters.
  local locale=C.UTF-8
  locale -a 2>/dev/null | grep -qix 'c\.utf-\?8' || locale=C
  local status=0
  as_owner "$BIN/initdb" -D "$PG_DIR" -U "$PG_USER" --pwfile="$pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale="$locale" >"$PG_DIR.initdb.log" 2>&1 || status=$?
  rm -f "$pwfile"
  if [ "$status" -ne 0 ]; then
    cat "$PG_DIR.initdb.log" >&2
    die "initdb failed (exit $status)"
  fi
  rm -f "$PG_DIR.initdb.log"
  # Our settings live in their own file, rewritten at every start (the port may change).
  printf "\n# scripts/pg.sh\ninclude_if_exists = 'annexa.conf'\n" \
    | as_owner tee -a "$PG_DIR/postgresql.conf" >/dev/null
}

write_settings() {
  as_owner tee "$PG_DIR/annexa.conf" >/dev/null <<EOF
# Written by scripts/pg.sh at each start.
listen_addresses = '$PG_HOST'
port = $PG_PORT
unix_socket_directories = '$PG_DIR'
password_encryption = 'scram-sha-256'
# Crash-safety tests kill clients mid-write: the server must really flush.
fsync = on
synchronous_commit = on
full_page_writes = on
# Store tests run in parallel, each with its own pool.
max_connections = 300
logging_collector = off
log_min_messages = warning
EOF
}

start() {
  need_owner
  BIN="$(find_bin)"
  if ours_answers; then
    echo "pg.sh: our server already answers on $PG_HOST:$PG_PORT; using it" >&2
    echo "$URL"
    return
  fi
  if answers; then
    die "another server answers on $PG_HOST:$PG_PORT (not the one of $PG_DIR: another" \
      "checkout's cluster?); set ANNEXA_PG_PORT to a free port"
  fi
  if [ -f "$PG_DIR/PG_VERSION" ]; then
    if [ "$(id -u)" -eq 0 ] && [ "$(stat -c %U "$PG_DIR")" != "$OWNER" ]; then
      die "$PG_DIR belongs to $(stat -c %U "$PG_DIR"), not to $OWNER; remove it to start afresh"
    fi
    if as_owner "$BIN/pg_ctl" -D "$PG_DIR" status >/dev/null 2>&1; then
      die "the server of $PG_DIR runs but does not answer on $PG_HOST:$PG_PORT" \
        "(started with another ANNEXA_PG_PORT? see $PG_DIR/annexa.conf); stop it first"
    fi
  else
    create_cluster
  fi
  write_settings
  if ! as_owner "$BIN/pg_ctl" -D "$PG_DIR" -l "$LOG" -w -t 60 start >/dev/null; then
    show_log
    die "the server in $PG_DIR did not start on $PG_HOST:$PG_PORT"
  fi
  if ! answers; then
    show_log
    die "the server started but does not answer on $PG_HOST:$PG_PORT"
  fi
  echo "pg.sh: PostgreSQL $(cat "$PG_DIR/PG_VERSION") running on $PG_HOST:$PG_PORT ($PG_DIR)" >&2
  echo "$URL"
}

stop() {
  need_owner
  BIN="$(find_bin)"
  if [ ! -f "$PG_DIR/PG_VERSION" ] \
    || ! as_owner "$BIN/pg_ctl" -D "$PG_DIR" status >/dev/null 2>&1; then
    echo "pg.sh: no server running from $PG_DIR" >&2
    return
  fi
  if ! as_owner "$BIN/pg_ctl" -D "$PG_DIR" -m fast -w -t 60 stop >/dev/null; then
    show_log
    die "the server in $PG_DIR did not stop"
  fi
  echo "pg.sh: stopped the server in $PG_DIR" >&2
}

status() {
  BIN="$(find_bin)"
  if ours_answers; then
    echo "running: $PG_HOST:$PG_PORT ($URL, $PG_DIR)"
  elif answers; then
    echo "taken: a server answers on $PG_HOST:$PG_PORT, but not the one of $PG_DIR"
    exit 4
  else
    echo "not running: nothing answers on $PG_HOST:$PG_PORT"
    exit 3
  fi
}

# A new, empty database `$1` on the (started) server, for a load run or a benchmark.
fresh() {
  case "$1" in
    '' | *[!a-z0-9_]*) die "a database name is lower-case letters, digits and _, not '$1'" ;;
  esac
  start >/dev/null
  "$BIN/psql" "$URL" -qc "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >&2
  echo "${URL%/postgres}/$1"
}

if [ $# -eq 2 ] && [ "$1" = fresh ]; then
  fresh "$2"
  exit 0
fi
[ $# -eq 1 ] || usage
case "$1" in
  start) start ;;
  stop) stop ;;
  url) echo "$URL" ;;
  status) status ;;
  *) usage ;;
esac
