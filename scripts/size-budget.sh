#!/usr/bin/env bash
# Checks the widget's embed transfer (JS glue + wasm + CSS + embed.js, brotli quality 11, as the
# server sends them: the build's `.br` copies, frontend/build/post_build.sh) against its budgets:
# the first screen (the start screen and the questionnaire: what every page view costs), and
# everything through the report. Sizes are deterministic for a given build, so this is a fair
# test: growth past a budget is a conscious decision (raise it here, with the reason in the
# commit).
# Needs a release build in dist/ (trunk build --release).
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
# 2026-12-02: issue 15 point 1 splits the widget in three wasm modules (docs/EMBEDDING.md,
# "What loads when"): the first screen loads only the first-screen module; the report module
# follows after the first answer; the exports module (OSCAL, coverage, CSV) only when asked
# for. Two budgets, each at what the split reached (docs/BENCHMARKS.md); the targets stay
# 80 KiB (first screen) and 160 KiB (through the report).
# 2026-12-02, merged with issue 13 (the widget settings read as the shared wire type, with its
# call-to-action enum) and issue 17 (the catalog indexed once for scoring): 195,233 first screen
# (+0.3 KB) and 451,036 through the report (+1.0 KB). Raised to 196,000 and 452,000.
# 2026-12-02, issue 17's borrowed answers document (one generic reader of the answers object for
# the owned and the borrowed document; the first screen reads saved progress through it): 196,270
# first screen (+442 B of wasm) and 452,661 through the report. Raised to 196,300 and 452,700.
# 2026-12-02 (later): the start screen is a module of its own without Yew (frontend/start); the
# widget module (questions and report in one) loads when the visitor starts. Measured 45,522
# (start screen; target 80 KiB, met) and 322,325 (through the report; target 160 KiB, missed):
# budgets at what that reached (docs/BENCHMARKS.md, "The widget").
# 2026-12-02 (evening): no Unicode case tables in the widget (shared text::capitalised), the
# computed colour and the audit-day table read without core's f64 parser and its 10 KB table of
# powers of five (shared decimal::parse_decimal), lookups built without a sort per entry type,
# the 2013 correspondence read only where it is used: 35,592 (start screen, was 45,522) and
# 287,250 (through the report, was 322,325; the 160 KiB target is still missed, by 123,410
# bytes). Budgets at what that reached (docs/BENCHMARKS.md).
# 2026-12-03: the coverage crosses from the exports module to the widget module as a flat list
# of texts (shared crosswalk::CoverageSummary) instead of JSON read into the whole coverage with
# its items: 282,704 through the report (was 287,250). Budget at what that reached.
# 2026-12-03: the profile questions read and set the profile's fields by name
# (shared Profile::field / set_field) instead of through a serde_json::Value of the whole
# profile: 275,340 through the report. Budget at what that reached.
# 2026-12-03: saved progress read with a small JSON reader and typed walkers (shared json,
# AnswersDocument::from_json; the same documents as serde, checked by the fuzz campaign)
# instead of serde's derived deserializers: 270,997 through the report. Budget at that.
# 2026-12-03: the widget settings, the lead receipt, the server's problem and embed.js's
# configuration read the same way: the widget module has no serde deserializer left (nor
# serde_json's parser): 258,249 through the report (start screen 35,646, +54 of codegen noise
# in an unchanged start module). Budget at what that reached.
# 2026-12-03: issue 16's accent colour per widget key: embed.js reads it with the key's settings
# (one request shared with the funnel's) and sets it before the start module mounts; widget.css
# puts it below data-accent: +245 bytes (35,644 -> 35,889 start screen, 258,247 -> 258,492
# through the report, which includes the start screen; no wasm changed). Both raised by 245.
# 2026-12-03: numbers written without core's float formatting (shared decimal::Shortest and
# Fixed: zmij's shortest digits laid out as core lays them out, exact rounding for {:.N}; the
# same text as core on 30 million values): 253,720 through the report (start screen 35,881).
# Budgets at what that reached.
# 2026-12-03: eleven stateless parts of the widget (the report's charts, lists and tables, its
# collapsible sections, the progress bar, the error panel) are plain functions instead of Yew
# components, each of which compiled Yew's lifecycle code once more: 249,193 through the report
# (start screen 35,873). Budget at what that reached.
# 2026-12-03 (later): the report's parts that keep no state and handle no event (score bars,
# charts, blockers, gaps, SoA table, timeline, audit days, frameworks) written as escaped HTML
# text (frontend/src/markup.rs) and handed to Yew as one raw node each, the same markup as before
# (snapshots diffed): 244,727 through the report. The start screen measured 35,968 (+95 with no
# change to it: +79 of codegen noise in the start module's wasm, +16 for embed.js's new hashed
# names); its budget takes that. Budgets at what that reached.
# 2026-12-03 (later): the coverage's tables, the report's summary and its notes written the same
# way: 243,026 through the report (start screen 35,956). Budget at what that reached.
# 2026-12-03 (later): the question step, the section navigation and the call to action are plain
# functions (the call to action's one state, whether the form was opened, is the report's; the
# section navigation's select node is the widget's): 241,565 through the report (start screen
# 35,965). Budget at what that reached.
# 2026-12-03 (later): wasm-opt runs -Oz until nothing shrinks any more (data-wasm-opt-params
# "--converge" in frontend/index.html): 240,489 through the report (widget module -1,034), start
# screen 35,923. Budgets at what that reached.
# 2026-12-03 (later): wasm-opt's monomorphize pass as well (functions specialised for constant
# arguments where that makes the code smaller): 239,811 through the report (widget module -690).
# The start module is byte for byte the same; the start screen measured 35,935, +12 in embed.js
# for the exports module's new hashed name (brotli noise in a 16-digit hex name): budget 35,940.
# 2026-12-03 (later): the widget's JSON written by a writer of its own (shared json::write,
# byte for byte serde_json's text, property-tested against it) instead of serde_json's
# serializer and the derived Serialize impls: 236,069 through the report (widget module -3,716),
# start screen 35,912. Budgets at what that reached.
# 2026-12-03 (later): embed.js served without its comment lines (frontend/build/post_build.sh;
# they were about a quarter of its brotli bytes): 34,970 start screen (embed.js 3,607 -> 2,665),
# 235,127 through the report. Budgets at what that reached.
# 2026-12-03 (later): the full questionnaire's texts out of the widget module, into a
# content-hashed file fetched when a full assessment starts (frontend/src/full_texts.rs):
# 229,545 through the report (widget module -5,656); start screen 35,044 (+125 in embed.js for
# the file's name and its loader, -51 of codegen noise in the start module). Budgets at what
# that reached.
# 2026-12-03 (evening): changes to shared code the widget never runs (the scope reader's words,
# the API's plain answers reader, Date's serde form, one decimal writer for the widget's and the
# API's JSON) moved LTO's code generation in both modules: 35,118 start screen, 229,822 through
# the report, the widget's own code unchanged; the same tree with one of those commits reverted
# measured 229,980. A budget a few bytes over the last build failed on such changes, so from
# here each budget is the figure reached plus a margin for that noise (~0.1 %): growth of a few
# hundred bytes from the widget's own code still fails.
# 2026-12-03 (night): four sorts fewer in the widget module (the standard library's sort is
# compiled once per item type and comparison, about 4 KB each): the open sections' id sets built
# one insert at a time, the framework advice ordered by insertion, the scoring index's positions
# inserted and its question ids sorted by insertion: 224,214 through the report (widget module
# -5,622), start screen 35,132 (embed.js +14 for the modules' new hashed names; the start module
# unchanged). Budgets at what that reached plus ~0.1 %.
# 2026-12-03 (night, later): the shared JSON reader restructured for the API's plain answers
# reader, one float writer, blockers' reasons joined instead of formatted: 224,469 through the
# report (+255), start screen 35,114. Then the gaps gathered place by place instead of sorted
# (the last of the widget's sorts): 222,808 through the report, start screen 35,137. Budgets at
# that plus ~0.1 %.
# 2026-12-03 (session eleven): BTreeMap/BTreeSet code out of the widget module for eight key
# types — the catalog index, the guidance and the scoring positions as sorted Vecs
# (shared csv::Lookup), the profile's repeated options found by comparison, the report's open
# sections as a sorted Vec (OpenSections): 216,262 through the report (widget module -6,539),
# start screen 35,130 (the start module unchanged). Budgets at that plus ~0.1 %.
# 2026-12-03 (session twelve): the served text without what no browser needs — the modules' JS
# glue, embed.js and the stylesheet without comment lines, blank lines and indentation
# (frontend/build/strip_comments.awk), the producers and target_features sections left out of
# the wasm, and the start and widget modules' imports from their glue named a, b, … instead of
# wasm-bindgen's names with a 16-digit hash (frontend/build/short_import_names.py): 31,856 start
# screen (was 35,117), 208,228 through the report (was 216,320); the wasm code is unchanged.
# Budgets at that plus ~0.1 %.
# 2026-12-03 (session thirteen): the widget module without the catalog's notes (shared build.rs
# writes copies of four data files without the columns only the catalog's JSON, the tests and
# readers of the data use; feature catalog-notes), and wasm-opt told that the first kilobyte of
# memory is unused (--low-memory-unused in frontend/index.html): 31,791 start screen (was
# 31,857 built here), 206,210 through the report (was 208,212). Budgets at that plus ~0.1 %.
# 2026-12-04 (session fourteen): Talc as the allocator of the widget and start modules
# (frontend/src/lib.rs) instead of the standard library's dlmalloc: 29,780 start screen (was
# 31,791), 202,001 through the report (was 206,210). Then the decimal reader (shared
# decimal::parse_decimal, the computed colour's channels) cuts its text with str::get instead of
# indexing, so the start module has no string-slicing panic left and with it neither core's
# char debug formatting nor its Unicode printable tables: 26,287 start screen, 198,360 through
# the report. Budgets at that plus ~0.1 %. Merged with the session's server-side changes to the
# shared crate (the scope reader, and a new dependency, foldhash), none of which the widget
# runs: 26,310 start screen, 198,608 through the report (the same functions, inlined and laid
# out differently: twiggy diff). Then the score route's round (the scoring's tallies worked out
# once, shared code the widget runs): 26,312 start screen, 198,497 through the report. Budgets
# at that plus ~0.1 %.
# 2026-12-04 (session fifteen): the progress header's text and bar as raw markup, and the
# profile step's radio and number/date input and the lead form's field each built by one
# function instead of copied into their views: 198,409 through the report (widget module -88),
# start screen 26,312 (unchanged). Budgets at that plus ~0.1 %. Merged with the session's
# server-side rounds (the scope reader's words, the score report's openings; no code the widget
# runs): 26,292 start screen, 198,317 through the report. Budgets at that plus ~0.1 %.
# 2026-12-04 (session sixteen): the widget module without Yew — its screens written as escaped
# HTML text (frontend/src/markup.rs) and brought onto the page element by element by a small
# runtime of its own (frontend/src/components/widget.rs, frontend/src/dom.rs); the same markup
# (snapshots diffed: no difference). 142,086 through the report (was 198,317; widget module glue
# 4,703 -> 4,033, wasm 167,322 -> 111,854): the 160 KiB target is met, 21,754 bytes under. Start
# screen 26,199 (the start module -118 without Yew in the crate graph, embed.js +20 for the new
# hashed names). Budgets at that plus ~0.1 %.
# 2026-12-04, merged with the same session's scoring (the Stage 1 and 2 blockers and the gaps
# found in one pass, the requirement borrowed in each assessed state): 141,415 through the
# report (start screen 26,198). Budget at that plus ~0.1 %. Then 141,488 with the page patch
# skipping subtrees the browser finds equal (isEqualNode; a report section opens in the time it
# took with Yew): within the budget.
# 2026-12-04 (session seventeen): the issue counts its first screen as the start screen and the
# questionnaire, so the budget is now theirs together. The report left the widget module for a
# module of its own (frontend/report, fetched after the first answer), the start module was
# retired (the questionnaire module shows the start screen itself), the report's texts and the
# Annex A controls' titles and attributes stay out of the questionnaire module, the quick
# questions' texts out of the report module, the progress bar is written without float
# formatting, embed.js and the modules' glue are minified (terser) and the sizes are those of
# the build's own brotli copies, which the server now sends: 80,764 first screen (was 141,488
# for the same screens; target 81,920, met) and 157,711 through the report (was 141,488;
# target 163,840, met). Budgets at that plus ~0.1 %. Then 80,882 and 157,978 with a report left
# before its module arrived no longer announced later, and the report module reading the
# catalog, the questionnaires and the guidance as it loads. Budgets at that plus ~0.1 %.
FIRST_SCREEN_BUDGET=80960
THROUGH_REPORT_BUDGET=158140

shopt -s nullglob
hex16='[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'
first=(dist/annexa-widget-$hex16.js dist/annexa-widget-${hex16}_bg.wasm dist/widget-$hex16.css dist/embed.js)
report=(dist/annexa-report-$hex16.js dist/annexa-report-${hex16}_bg.wasm)
exports=(dist/annexa-exports-$hex16.js dist/annexa-exports-${hex16}_bg.wasm)
full_texts=(dist/annexa-questions-full-$hex16.csv)
if [ ${#first[@]} -ne 4 ] || [ ${#report[@]} -ne 2 ] || [ ${#exports[@]} -ne 2 ] || [ ${#full_texts[@]} -ne 1 ]; then
  echo "size-budget: dist/ lacks the widget build (found: ${first[*]:-nothing} ${report[*]:-} ${exports[*]:-} ${full_texts[*]:-}); run trunk build --release" >&2
  exit 1
fi

# Sums the sizes of the build's brotli copies of the files given into $sum, printing each.
brotli_total() {
  local size f
  sum=0
  for f in "$@"; do
    [ -f "$f.br" ] || { echo "size-budget: no $f.br (the build writes it); run trunk build --release" >&2; exit 1; }
    size=$(wc -c < "$f.br")
    printf '  %-50s %8d bytes brotli\n' "$f" "$size"
    sum=$((sum + size))
  done
}

failed=0
echo "first screen: the start screen and the questionnaire (questionnaire module, stylesheet, loader):"
brotli_total "${first[@]}"
first_total=$sum
printf '  %-50s %8d bytes brotli (budget %d)\n' "first screen" "$first_total" "$FIRST_SCREEN_BUDGET"
echo "report module (fetched after the visitor's first answer):"
brotli_total "${report[@]}"
report_total=$sum
through_total=$((first_total + report_total))
printf '  %-50s %8d bytes brotli (budget %d)\n' "through the report" "$through_total" "$THROUGH_REPORT_BUDGET"
echo "exports module (only when the visitor opens the coverage or asks for a download; no budget):"
brotli_total "${exports[@]}"
echo "the full questionnaire's texts (only for a full assessment; no budget):"
brotli_total "${full_texts[@]}"
if [ "$first_total" -gt "$FIRST_SCREEN_BUDGET" ]; then
  echo "size-budget: the first screen grew past its budget by $((first_total - FIRST_SCREEN_BUDGET)) bytes" >&2
  failed=1
fi
if [ "$through_total" -gt "$THROUGH_REPORT_BUDGET" ]; then
  echo "size-budget: the widget through the report grew past its budget by $((through_total - THROUGH_REPORT_BUDGET)) bytes" >&2
  failed=1
fi
exit "$failed"
