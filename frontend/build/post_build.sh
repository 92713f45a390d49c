#!/bin/sh
# Trunk post_build hook (see Trunk.toml). Runs in the staging directory before it replaces dist/:
#  1. gives the shadow-root stylesheet a content hash (widget-<16 hex>.css), so it can be cached
#     forever like Trunk's hashed wasm and JS;
#  2. names the three modules by their content: annexa-widget-<16 hex>.js and _bg.wasm (the
#     questionnaire; Trunk's own name hashes the input before wasm-opt), and the report and
#     exports modules (built by Trunk as "workers", which it leaves unhashed):
#     annexa-report-<16 hex>.js, annexa-report-<16 hex>_bg.wasm and the same for annexa-exports;
#  3. names the full questionnaire's texts (a copy of shared/data/questions_full.csv, which the
#     widget module fetches instead of carrying) by their content: annexa-questions-full-<16 hex>.csv;
#  4. writes the current hashed file names into embed.js, the stable loader URL site owners use,
#     without its comment lines;
#  5. removes the <link data-trunk rel="rust"> tag Trunk leaves in index.html when
#     inject_scripts = false;
#  6. serves the modules' JS glue, embed.js and the stylesheet without their comment lines,
#     blank lines and indentation (strip_comments.awk), before any of them is named by its
#     content;
#  7. gives the functions the questionnaire and report modules import from their glue short names
#     (short_import_names.py, python3), also before the modules are named;
#  8. minifies the modules' JS glue and embed.js (terser: shorter local names, fewer bytes),
#     after 7 and before the modules are named;
#  9. writes each content-named file and embed.js compressed with brotli at quality 11 beside
#     it (`<file>.br`, precompress.mjs, Node), which the server sends as it is.
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk}"
strip_awk="$(dirname "$0")/strip_comments.awk"
short_names="$(dirname "$0")/short_import_names.py"
precompress="$(cd "$(dirname "$0")" && pwd)/precompress.mjs"

fail() { echo "post_build.sh: $*" >&2; exit 1; }

# Minifies a served ES module in place (terser, installed by scripts/setup.sh): local names
# shortened, dead code and whitespace gone; exported names and the names the wasm imports stay.
command -v terser >/dev/null || fail "terser is needed to minify the widget's JavaScript (scripts/setup.sh installs it)"
minify() { # file
  terser "$1" --module --compress --mangle --output "$1.tmp" || fail "cannot minify $1"
  mv "$1.tmp" "$1"
}

# Rewrites a served file without its comments and indentation (strip_comments.awk; a second
# argument "css" for a stylesheet, where // starts no comment). The build fails where that could
# change the code.
strip_comments() { # file [css]
  [ -f "$1" ] || fail "no $1 to strip"
  strip_css=0
  [ "${2:-}" = css ] && strip_css=1
  awk -v css="$strip_css" -f "$strip_awk" "$1" > "$1.tmp" || fail "cannot strip the comments of $1"
  mv "$1.tmp" "$1"
}

# The widget module: Trunk names it by a hash of its input, taken before wasm-opt runs, so a
# change of wasm-opt's settings shipped new bytes under the old name (cached for a year by
# browsers that had it). It is named by its content instead, as the other modules are: the first
# 16 hex digits of the SHA-256 of its JS glue and wasm as served.
trunk_hash=$(cd "$dir" && ls | sed -n 's/^annexa-widget-\([0-9a-f]\{1,16\}\)\.js$/\1/p' | head -n 1)
[ -n "$trunk_hash" ] || fail "no annexa-widget-<hash>.js in $dir"
[ -f "$dir/annexa-widget-${trunk_hash}_bg.wasm" ] || fail "no annexa-widget-${trunk_hash}_bg.wasm in $dir"
strip_comments "$dir/annexa-widget-$trunk_hash.js"
python3 "$short_names" "$dir/annexa-widget-$trunk_hash.js" "$dir/annexa-widget-${trunk_hash}_bg.wasm" ||
  fail "cannot shorten the widget module's import names"
minify "$dir/annexa-widget-$trunk_hash.js"
hash=$(cat "$dir/annexa-widget-$trunk_hash.js" "$dir/annexa-widget-${trunk_hash}_bg.wasm" | sha256sum | cut -c1-16)
js="annexa-widget-$hash.js"
wasm="annexa-widget-${hash}_bg.wasm"
if [ "$hash" != "$trunk_hash" ]; then
  mv "$dir/annexa-widget-$trunk_hash.js" "$dir/$js"
  mv "$dir/annexa-widget-${trunk_hash}_bg.wasm" "$dir/$wasm"
fi
[ -f "$dir/widget.css" ] || fail "no widget.css in $dir"
# The report and exports modules: Trunk builds them as "workers", which it leaves unhashed.
hash_module() { # crate file name, hashed base name; sets $module_js and $module_wasm
  [ -f "$dir/$1.js" ] || fail "no $1.js in $dir"
  [ -f "$dir/$1_bg.wasm" ] || fail "no $1_bg.wasm in $dir"
  hash=$(cat "$dir/$1.js" "$dir/$1_bg.wasm" | sha256sum | cut -c1-16)
  module_js="$2-$hash.js"
  module_wasm="$2-${hash}_bg.wasm"
  mv "$dir/$1.js" "$dir/$module_js"
  mv "$dir/$1_bg.wasm" "$dir/$module_wasm"
}
strip_comments "$dir/annexa-widget-report.js"
python3 "$short_names" "$dir/annexa-widget-report.js" "$dir/annexa-widget-report_bg.wasm" ||
  fail "cannot shorten the report module's import names"
minify "$dir/annexa-widget-report.js"
hash_module annexa-widget-report annexa-report
report_js=$module_js
report_wasm=$module_wasm
# The exports module imports few functions: short names made it 116 bytes larger (brotli 11).
strip_comments "$dir/annexa-widget-exports.js"
minify "$dir/annexa-widget-exports.js"
hash_module annexa-widget-exports annexa-exports
exports_js=$module_js
exports_wasm=$module_wasm

strip_comments "$dir/widget.css" css
css="widget-$(sha256sum "$dir/widget.css" | cut -c1-16).css"
mv "$dir/widget.css" "$dir/$css"

[ -f "$dir/questions_full.csv" ] || fail "no questions_full.csv in $dir"
questions="annexa-questions-full-$(sha256sum "$dir/questions_full.csv" | cut -c1-16).csv"
mv "$dir/questions_full.csv" "$dir/$questions"

for file in embed.js; do
  grep -q "__ANNEXA_JS__" "$dir/$file" || fail "$file has no __ANNEXA_JS__ placeholder"
  sed -e "s/__ANNEXA_JS__/$js/g" -e "s/__ANNEXA_WASM__/$wasm/g" -e "s/__ANNEXA_CSS__/$css/g" \
    -e "s/__ANNEXA_REPORT_JS__/$report_js/g" -e "s/__ANNEXA_REPORT_WASM__/$report_wasm/g" \
    -e "s/__ANNEXA_EXPORTS_JS__/$exports_js/g" -e "s/__ANNEXA_EXPORTS_WASM__/$exports_wasm/g" \
    -e "s/__ANNEXA_QUESTIONS__/$questions/g" \
    "$dir/$file" > "$dir/$file.tmp"
  mv "$dir/$file.tmp" "$dir/$file"
done
# embed.js without its comments and indentation, but its first line, which names the file:
# every page view downloads it, and the comments, about a quarter of its brotli bytes, are for
# people reading public/embed.js.
head -n 1 "$dir/embed.js" > "$dir/embed.js.first"
tail -n +2 "$dir/embed.js" > "$dir/embed.js.rest"
strip_comments "$dir/embed.js.rest"
minify "$dir/embed.js.rest"
cat "$dir/embed.js.first" "$dir/embed.js.rest" > "$dir/embed.js"
rm "$dir/embed.js.first" "$dir/embed.js.rest"

for page in "$dir"/*.html; do
  sed -e '/data-trunk/d' "$page" > "$page.tmp"
  mv "$page.tmp" "$page"
done
# The content-named files, compressed once at the highest quality for the server to send.
command -v node >/dev/null || fail "node is needed to precompress the widget's files"
(cd "$dir" && node "$precompress" "$js" "$wasm" "$report_js" "$report_wasm" "$exports_js" \
  "$exports_wasm" "$css" "$questions" embed.js) || fail "cannot precompress the widget's files"

echo "post_build.sh: embed.js → questionnaire: $js, $wasm; report: $report_js, $report_wasm; $css; exports: $exports_js, $exports_wasm; $questions"
