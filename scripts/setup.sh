#!/usr/bin/env bash
# Installs every tool Annexa's build and tests need, skipping each one that is already there.
# Safe to run repeatedly; used by scripts/run.sh, scripts/test.sh and .ci/run.
#
# Installs: the wasm32 Rust target, trunk 0.21.14, wasm-bindgen-cli (the exact version in
# Cargo.lock), wasm-opt (npm `binaryen`) and terser (npm), both into $ANNEXA_TOOLS, Chromium +
# ChromeDriver and brotli (Debian packages; only when the browser tests are wanted, see
# --no-browser), and the PostgreSQL server the store tests run against (Debian's `postgresql`;
# see --no-postgres).
set -euo pipefail

cd "$(dirname "$0")/.."
want_browser=1
want_postgres=1
for arg in "$@"; do
  case "$arg" in
    --no-browser) want_browser=0 ;;
    --no-postgres) want_postgres=0 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132.0.0
# terser minifies the JavaScript the widget serves (frontend/build/post_build.sh).
TERSER_VERSION=5.51.4
ANNEXA_TOOLS="${ANNEXA_TOOLS:-$HOME/.cache/annexa/tools}"

step() { printf '\n==> %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
# Installs Debian packages (through sudo when not root).
apt_install() {
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
}

export PATH="$HOME/.cargo/bin:$ANNEXA_TOOLS/node_modules/.bin:$PATH"

if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "wasm32 target: present"
else
  step "wasm32 target: installing"
  rustup target add wasm32-unknown-unknown
fi

if have trunk && trunk --version | grep -q "$TRUNK_VERSION"; then
  step "trunk $TRUNK_VERSION: present"
else
  step "trunk $TRUNK_VERSION: installing (about 12 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# The CLI must match the wasm-bindgen crate exactly; take the version from Cargo.lock.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$WB_VERSION" ]; then
  echo "setup.sh: cannot find wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if have wasm-bindgen && wasm-bindgen --version | grep -q " $WB_VERSION\$" \
   && have wasm-bindgen-test-runner; then
  step "wasm-bindgen-cli $WB_VERSION: present"
else
  step "wasm-bindgen-cli $WB_VERSION: installing (about 6 minutes)"
  # --locked fails today (a locked dependency version is no longer served): install without it.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

if have wasm-opt && wasm-opt --version | grep -q "version 132"; then
  step "wasm-opt (binaryen $BINARYEN_VERSION): present"
else
  step "wasm-opt: installing npm binaryen@$BINARYEN_VERSION into $ANNEXA_TOOLS"
  mkdir -p "$ANNEXA_TOOLS"
  (cd "$ANNEXA_TOOLS" && npm install --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION")
fi

if have terser && terser --version | grep -q "terser $TERSER_VERSION\$"; then
  step "terser $TERSER_VERSION: present"
else
  step "terser: installing npm terser@$TERSER_VERSION into $ANNEXA_TOOLS"
  mkdir -p "$ANNEXA_TOOLS"
  (cd "$ANNEXA_TOOLS" && npm install --no-audit --no-fund --silent "terser@$TERSER_VERSION")
fi

# Python venvs hold the OSCAL schema validator and schemathesis (installed by their scripts);
# python3 itself also runs in the widget build (frontend/build/short_import_names.py).
if python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  step "python3 with venv: present"
else
  step "python3 venv: installing Debian's python3-venv"
  apt_install python3 python3-venv
fi

# scripts/pg.sh runs a throwaway cluster of its own from these binaries; the cluster that
# Debian's package creates (and starts, where services can start) is not used.
if [ "$want_postgres" = 1 ]; then
  if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    step "postgresql: present"
  else
    step "installing Debian's postgresql package"
    apt_install postgresql
  fi
fi

if [ "$want_browser" = 1 ]; then
  missing=()
  have chromium || missing+=(chromium)
  have chromedriver || missing+=(chromium-driver)
  have brotli || missing+=(brotli)
  if [ ${#missing[@]} -eq 0 ]; then
    step "chromium, chromedriver, brotli: present"
  else
    step "installing Debian packages: ${missing[*]}"
    apt_install "${missing[@]}"
  fi
  if [ -f tests/package.json ]; then
    if [ -d tests/node_modules ] && [ tests/node_modules/.package-lock.json -nt tests/package-lock.json ]; then
      step "test npm packages: present"
    else
      step "test npm packages: installing"
      (cd tests && npm ci --no-audit --no-fund --silent)
    fi
  fi
fi

step "tools ready"
