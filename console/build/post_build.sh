#!/bin/sh
# Trunk post_build hook (see console/Trunk.toml). Runs in the staging directory before it
# replaces dist/console/:
#  1. writes the current hashed bundle names into boot.js, the stable loader the page includes;
#  2. removes the <link data-trunk …> build inputs Trunk leaves in index.html when
#     inject_scripts = false.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk}"

fail() { echo "console post_build.sh: $*" >&2; exit 1; }

js=$(cd "$dir" && ls annexa-console-*.js 2>/dev/null | head -n 1)
wasm=$(cd "$dir" && ls annexa-console-*_bg.wasm 2>/dev/null | head -n 1)
[ -n "$js" ] || fail "no annexa-console-*.js in $dir"
[ -n "$wasm" ] || fail "no annexa-console-*_bg.wasm in $dir"

grep -q "__CONSOLE_JS__" "$dir/boot.js" || fail "boot.js has no __CONSOLE_JS__ placeholder"
sed -e "s/__CONSOLE_JS__/$js/g" -e "s/__CONSOLE_WASM__/$wasm/g" "$dir/boot.js" > "$dir/boot.js.tmp"
mv "$dir/boot.js.tmp" "$dir/boot.js"

for page in "$dir"/*.html; do
  sed -e '/data-trunk/d' "$page" > "$page.tmp"
  mv "$page.tmp" "$page"
done
echo "console post_build.sh: boot.js → $js, $wasm"
