#!/usr/bin/env bash
# Builds the widget and the console and starts Annexa: `annexa serve` on http://127.0.0.1:8080 with an embedded
# SQLite database (./annexa.db, created on first start with demo data). Extra arguments go to
# `annexa serve` (see `annexa serve --help`), e.g. scripts/run.sh --bind 0.0.0.0:8080, or
# scripts/run.sh --database-url postgres://… for PostgreSQL (docs/DEPLOYMENT.md)
set -euo pipefail
cd "$(dirname "$0")/.."

ANNEXA_TOOLS="${ANNEXA_TOOLS:-$HOME/.cache/annexa/tools}"
export PATH="$HOME/.cargo/bin:$ANNEXA_TOOLS/node_modules/.bin:$PATH"

scripts/setup.sh --no-browser --no-postgres
printf '\n==> building the widget (trunk build --release)\n'
trunk build --release
# After the widget: its build replaces dist/ as a whole. Serves /verify and /console/.
printf '\n==> building the console and the certificate check (trunk build --release --config console/Trunk.toml)\n'
trunk build --release --config console/Trunk.toml
printf '\n==> building and starting the API (cargo run --release)\n'
# First start: an empty registry gets this many fictitious demo certificates.
export ANNEXA_DEMO_CERTIFICATES="${ANNEXA_DEMO_CERTIFICATES:-3000}"
# --demo: the demo widget key `demo` (lead capture on) for the demo page; a real deployment
# starts without it.
# --demo-leads: a few fictitious leads for the console's leads inbox (added once, marked as such).
exec cargo run --release --locked -p annexa-api --bin annexa -- serve --demo --demo-leads "$@"
