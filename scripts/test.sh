#!/usr/bin/env bash
# Runs every test Annexa has: formatting, clippy (host and wasm32), the native test suites,
# the wasm32 suites (Node and headless Chromium), the release widget and console builds, and the end-to-end
# tests against a real server and a real browser; the store tests also against PostgreSQL, on a
# server it starts on loopback and stops afterwards. Installs missing tools first.
#
#   scripts/test.sh            everything
#   scripts/test.sh --quick    skip the widget and console release builds and browser tests
set -euo pipefail

# Makes sure `scripts/pg.sh start` gives this checkout's own cluster, never a server of another
# checkout that happens to answer on the same port (its data and its life are not ours): when
# the port is taken by such a server, ours moves to a free loopback port (ANNEXA_PG_PORT,
# exported). Stopping at exit is set up only for a server this run is about to start.
own_pg_cluster_port() {
  local state=0
  scripts/pg.sh status >/dev/null 2>&1 || state=$?
  case "$state" in
    0) return ;;
    3) ;;
    4)
      local taken="${ANNEXA_PG_PORT:-55432}"
      ANNEXA_PG_PORT="$(free_loopback_port)"
      export ANNEXA_PG_PORT
      echo "test.sh: port $taken has a PostgreSQL that is not this checkout's; ours starts on port $ANNEXA_PG_PORT" >&2
      ;;
    *)
      scripts/pg.sh status >&2 || true
      echo "test.sh: scripts/pg.sh status failed (exit $state)" >&2
      exit 1
      ;;
  esac
  trap 'scripts/pg.sh stop' EXIT
}

# A port nothing listens on at 127.0.0.1 (a connection there is refused). From 55434 up, so as
# not to take 55433, the default of the benchmark scripts' server.
free_loopback_port() {
  local port
  for port in $(seq 55434 55533); do
    if ! (: <>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "test.sh: no free loopback port in 55434-55533 for PostgreSQL" >&2
  exit 1
}

# Everything runs inside main so that bash has read the whole file before it starts: editing
# this script while it runs cannot change what the run does.
main() {
  cd "$(dirname "$0")/.."

  quick=0
  for arg in "$@"; do
    case "$arg" in
      --quick) quick=1 ;;
      *) echo "test.sh: unknown option $arg" >&2; exit 2 ;;
    esac
  done

  ANNEXA_TOOLS="${ANNEXA_TOOLS:-$HOME/.cache/annexa/tools}"
  export PATH="$HOME/.cargo/bin:$ANNEXA_TOOLS/node_modules/.bin:$PATH"
  export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
  export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

  started=$SECONDS
  step() { printf '\n==> [%4ss] %s\n' "$((SECONDS - started))" "$*"; }

  if [ "$quick" = 1 ]; then
    scripts/setup.sh --no-browser
  else
    scripts/setup.sh
  fi

  step "cargo fmt --check"
  cargo fmt --all -- --check

  step "clippy (host, all targets)"
  cargo clippy --workspace --all-targets --locked -- -D warnings

  step "clippy (wasm32: shared, the widget's modules and the console)"
  cargo clippy -p annexa-shared -p annexa-widget -p annexa-widget-report -p annexa-widget-exports \
    -p annexa-console --target wasm32-unknown-unknown --all-targets --locked -- -D warnings
  # The widget crate as its two modules use it (docs/EMBEDDING.md): the questionnaire module
  # without the report engine, the report module without the runtime.
  cargo clippy -p annexa-widget --no-default-features --features app --target wasm32-unknown-unknown --lib --locked -- -D warnings
  cargo clippy -p annexa-widget --no-default-features --target wasm32-unknown-unknown --lib --locked -- -D warnings

  if [ "$quick" = 0 ]; then
    step "widget release build (trunk)"
    trunk build --release

    # After the widget's build, which replaces dist/ as a whole: the console's own bundle goes
    # into dist/console/ (the console_* browser suites need it).
    step "console release build (trunk, console/Trunk.toml)"
    trunk build --release --config console/Trunk.toml

    step "widget size budget (brotli)"
    scripts/size-budget.sh
  fi

  step "build the annexa binary the end-to-end suites start"
  cargo build -p annexa-api --bin annexa --locked
  export ANNEXA_BIN="$PWD/target/debug/annexa"

  # The store tests and the multi-instance test run against a real PostgreSQL server. Ours is
  # a throwaway cluster on loopback (scripts/pg.sh) from this checkout's data directory; it is
  # stopped at the end, also when a step fails, unless it was already running before this
  # script. A server given in ANNEXA_TEST_POSTGRES_URL is used as it is.
  if [ -z "${ANNEXA_TEST_POSTGRES_URL:-}" ]; then
    step "PostgreSQL on loopback for the store tests (scripts/pg.sh)"
    own_pg_cluster_port
    ANNEXA_TEST_POSTGRES_URL="$(scripts/pg.sh start)"
  fi
  export ANNEXA_TEST_POSTGRES_URL
  # A suite that finds no PostgreSQL fails instead of skipping.
  export ANNEXA_REQUIRE_POSTGRES=1
  # The widget-key flood (abuse_hardening): issue 14's 100,000 distinct 200 KB keys, about five
  # minutes here, show the server's memory bounded (RSS growth under 64 MiB). The test alone
  # defaults to 20,000 (under a minute) for a quick run by hand.
  export ANNEXA_E2E_FLOOD_KEYS="${ANNEXA_E2E_FLOOD_KEYS:-100000}"

  step "native tests"
  if [ "$quick" = 1 ]; then
    ANNEXA_SKIP_BROWSER=1 cargo test --workspace --locked --no-fail-fast
  else
    cargo test --workspace --locked --no-fail-fast
  fi

  step "the API's suites again, every test database on PostgreSQL (ANNEXA_TEST_STORE=postgres)"
  ANNEXA_TEST_STORE=postgres cargo test -p annexa-api --locked --no-fail-fast --tests

  step "OSCAL documents against NIST's official OSCAL schemas"
  tests/oscal/validate.sh

  step "schemathesis against the running server's /openapi.json"
  tests/schemathesis/run.sh

  step "annexa-shared as the widget's modules build it (no default features: the data copies without notes, control details, quick texts)"
  cargo test -p annexa-shared --no-default-features --lib --locked

  step "wasm32 tests: annexa-shared in Node (native/wasm parity)"
  cargo test -p annexa-shared --target wasm32-unknown-unknown --locked --test parity

  if [ "$quick" = 0 ]; then
    step "wasm32 tests: widget components in headless Chromium"
    cargo test -p annexa-widget --target wasm32-unknown-unknown --locked
  fi

  step "all tests passed"
}

main "$@"
