#!/usr/bin/env bash
# Where the widget's bytes go: twiggy over each wasm module (questionnaire, report, exports) as
# shipped, but with function names kept. Takes the cargo output of the last `trunk build --release` (target/…/widget/*.wasm), runs
# wasm-bindgen and `wasm-opt -Oz --low-memory-unused --converge --monomorphize -g` (and the strip flags) on it as Trunk does (-g keeps the names Trunk strips), then
# prints twiggy's largest items and a sum per crate and module (code inlined into a generic
# function counts for the generic's crate).
#
#   scripts/wasm-profile.sh [N]     N items per list (default 25)
#
# Needs twiggy (`cargo install twiggy`), wasm-bindgen and wasm-opt (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
top="${1:-25}"
ANNEXA_TOOLS="${ANNEXA_TOOLS:-$HOME/.cache/annexa/tools}"
export PATH="$HOME/.cargo/bin:$ANNEXA_TOOLS/node_modules/.bin:$PATH"
for tool in twiggy wasm-bindgen wasm-opt; do
  command -v "$tool" >/dev/null || { echo "wasm-profile: $tool is not installed" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for module in annexa_widget annexa_widget_report annexa_widget_exports; do
  raw="target/wasm32-unknown-unknown/widget/$module.wasm"
  [ -f "$raw" ] || { echo "wasm-profile: no $raw; run trunk build --release" >&2; exit 1; }
  wasm-bindgen --target web --out-dir "$work/$module" --out-name m "$raw"
  wasm-opt -Oz --low-memory-unused --converge --monomorphize --strip-producers --strip-target-features -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$work/$module/m_bg.wasm" -o "$work/$module.wasm"
  echo "== $module: $(wc -c < "$work/$module.wasm") bytes with names" \
    "($(brotli -c -q 11 "$work/$module.wasm" | wc -c) brotli; names are not shipped)"
  twiggy top -n "$top" "$work/$module.wasm" | cut -c1-160
  echo "-- per crate (and module of ours), shallow bytes:"
  twiggy top --format csv "$work/$module.wasm" | awk -F'","|^"|",|,' '
    NR == 1 { next }
    {
      # Name is the first CSV field (quoted when it has commas); size is the next number.
      line = $0
      if (substr(line, 1, 1) == "\"") {
        end = index(substr(line, 2), "\",")
        name = substr(line, 2, end - 1); rest = substr(line, end + 3)
      } else {
        end = index(line, ","); name = substr(line, 1, end - 1); rest = substr(line, end + 1)
      }
      split(rest, f, ","); size = f[1] + 0
      gsub(/""/, "\"", name)
      key = name
      if (name ~ /^(data segment|custom section|"function names)/) { key = name }
      else {
        sub(/^<(&mut |&)?/, "", name)
        n = split(name, part, "::")
        sub(/\[.*$/, "", part[1])
        key = part[1]
        if ((key == "annexa_widget" || key == "annexa_shared") && n > 2) key = key "::" part[2]
      }
      total[key] += size
    }
    END { for (k in total) printf "%9d  %s\n", total[k], k }' | sort -rn | sed -n "1,${top}p"
done
