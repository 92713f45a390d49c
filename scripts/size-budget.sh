#!/usr/bin/env bash
# Checks the widget's embed transfer (JS glue + wasm + CSS + embed.js, brotli -q 11) against its
# budget. Sizes are deterministic for a given build, so this is a fair test: growth past the
# budget is a conscious decision (raise BUDGET_BYTES here, with the reason in the commit).
# Needs a release build in dist/ (trunk build --release) and the brotli CLI.
set -euo pipefail
cd "$(dirname "$0")/.."

# Measured 289,143 bytes (282 KiB) on 2026-11-29; the target in TARGETS.md is 80 KiB.
# 2026-12-01: 289,578 before and 297,779 after the questionnaire facts of issue 12 point 5 (a
# profile question with four facts, DORA in the advice, the "not assessed" part of quick
# reports): +8.2 KB of text and rendering. Raised to 300,000; issue 15 moves text out of the
# first screen and is where the weight comes down.
# 2026-12-01: 298,299 before and 308,508 after issue 15's report (summary screen, call to action,
# ten collapsible sections, theming and the accent contrast check, quick-to-full): +10.2 KB of
# markup with no new crate. Raised to 310,000; issue 15 point 1 (first screen <= 80 KiB) is
# still open and is where the weight comes down.
BUDGET_BYTES=310000

shopt -s nullglob
files=(dist/annexa-widget-*.js dist/annexa-widget-*_bg.wasm dist/widget-*.css dist/embed.js)
if [ ${#files[@]} -lt 4 ]; then
  echo "size-budget: dist/ lacks the widget build (found: ${files[*]:-nothing}); run trunk build --release" >&2
  exit 1
fi
total=0
for f in "${files[@]}"; do
  size=$(brotli -c -q 11 "$f" | wc -c)
  printf '  %-50s %8d bytes brotli\n' "$f" "$size"
  total=$((total + size))
done
printf '  %-50s %8d bytes brotli (budget %d)\n' "total embed transfer" "$total" "$BUDGET_BYTES"
if [ "$total" -gt "$BUDGET_BYTES" ]; then
  echo "size-budget: the widget grew past its budget by $((total - BUDGET_BYTES)) bytes" >&2
  exit 1
fi
