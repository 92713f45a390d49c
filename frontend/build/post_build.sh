#!/bin/sh
# Trunk post_build hook (see Trunk.toml). Runs in the staging directory before it replaces dist/:
#  1. gives the shadow-root stylesheet a content hash (widget-<16 hex>.css), so it can be cached
#     forever like Trunk's hashed wasm and JS;
#  2. writes the current hashed file names into embed.js, the stable loader URL site owners use;
#  3. removes the <link data-trunk rel="rust"> tag Trunk leaves in index.html when
#     inject_scripts = false.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk}"

fail() { echo "post_build.sh: $*" >&2; exit 1; }

js=$(cd "$dir" && ls annexa-widget-*.js 2>/dev/null | head -n 1)
wasm=$(cd "$dir" && ls annexa-widget-*_bg.wasm 2>/dev/null | head -n 1)
[ -n "$js" ] || fail "no annexa-widget-*.js in $dir"
[ -n "$wasm" ] || fail "no annexa-widget-*_bg.wasm in $dir"
[ -f "$dir/widget.css" ] || fail "no widget.css in $dir"

css="widget-$(sha256sum "$dir/widget.css" | cut -c1-16).css"
mv "$dir/widget.css" "$dir/$css"

for file in embed.js; do
  grep -q "__ANNEXA_JS__" "$dir/$file" || fail "$file has no __ANNEXA_JS__ placeholder"
  sed -e "s/__ANNEXA_JS__/$js/g" -e "s/__ANNEXA_WASM__/$wasm/g" -e "s/__ANNEXA_CSS__/$css/g" \
    "$dir/$file" > "$dir/$file.tmp"
  mv "$dir/$file.tmp" "$dir/$file"
done

for page in "$dir"/*.html; do
  sed -e '/data-trunk/d' "$page" > "$page.tmp"
  mv "$page.tmp" "$page"
done
echo "post_build.sh: embed.js → $js, $wasm, $css"
