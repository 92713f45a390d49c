#!/usr/bin/env python3
"""Gives the functions a wasm module imports from its wasm-bindgen glue short names.

wasm-bindgen names each import after the JavaScript it calls plus a 16-digit hash
(`__wbg_addEventListener_6e9b1f1c9f3a5d21`); the name is written twice, in the wasm's import
section and as a key of the glue's import object. The hashes are random to a compressor, and in
the widget module they were about 3 KB of its brotli bytes. Both files only need the same name
on either side, so each import becomes `a`, `b`, … `z`, `A`, … `Z`, `aa`, … in the order of the
import section.

    short_import_names.py GLUE.js MODULE_bg.wasm

Rewrites both files in place. Only the import section's names change (every other byte of the
wasm stays, the functions are still called by index); in the glue, only the keys of the import
object. It refuses, changing nothing and exiting with status 2, where that could go wrong: an
import from another module, a name that is not exactly once a key of the import object (at the
start of a line, as the glue writes it after post_build.sh's stripping) or that appears anywhere
else in the glue, or a short name that is already a key in the glue.
"""

import re
import sys


def refuse(why):
    print(f"short_import_names.py: {why}", file=sys.stderr)
    sys.exit(2)


def read_leb(data, at):
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def leb(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def short_name(index):
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    name = ""
    index += 1
    while index:
        index -= 1
        name = letters[index % 52] + name
        index //= 52
    return name


def skip_import_desc(data, at):
    kind = data[at]
    at += 1
    if kind == 0:  # function: type index
        _, at = read_leb(data, at)
    elif kind == 1:  # table: reftype, limits
        at += 1
        flags, at = read_leb(data, at)
        _, at = read_leb(data, at)
        if flags & 1:
            _, at = read_leb(data, at)
    elif kind == 2:  # memory: limits
        flags, at = read_leb(data, at)
        _, at = read_leb(data, at)
        if flags & 1:
            _, at = read_leb(data, at)
    elif kind == 3:  # global: valtype, mutability
        at += 2
    else:
        refuse(f"an import of unknown kind {kind}")
    return kind, at


def main():
    if len(sys.argv) != 3:
        refuse("usage: short_import_names.py GLUE.js MODULE_bg.wasm")
    glue_path, wasm_path = sys.argv[1], sys.argv[2]
    with open(glue_path, encoding="utf-8") as f:
        glue = f.read()
    with open(wasm_path, "rb") as f:
        wasm = f.read()
    if wasm[:8] != b"\0asm\x01\0\0\0":
        refuse(f"{wasm_path} is not a wasm module")

    at = 8
    while at < len(wasm):
        section_start = at
        section_id = wasm[at]
        size, body = read_leb(wasm, at + 1)
        end = body + size
        if section_id == 2:
            break
        at = end
    else:
        refuse(f"{wasm_path} imports nothing")

    count, at = read_leb(wasm, body)
    imports = []  # (module, name, descriptor bytes)
    for _ in range(count):
        length, at = read_leb(wasm, at)
        module = wasm[at : at + length].decode("utf-8")
        at += length
        length, at = read_leb(wasm, at)
        name = wasm[at : at + length].decode("utf-8")
        at += length
        desc_start = at
        _, at = skip_import_desc(wasm, at)
        imports.append((module, name, wasm[desc_start:at]))
    if at != end:
        refuse("the import section does not end where its size says")

    modules = {module for module, _, _ in imports}
    if len(modules) != 1:
        refuse(f"imports from {sorted(modules)}, expected one glue module")
    keys = set(re.findall(r"^([A-Za-z_$][A-Za-z0-9_$]*): ", glue, re.M))
    renamed = {}
    for index, (_, name, _) in enumerate(imports):
        if name in renamed:
            refuse(f"{name} is imported twice")
        short = short_name(index)
        if short in keys:
            refuse(f"the short name {short} is already a key in the glue")
        renamed[name] = short

    lines = glue.split("\n")
    keys_found = {}
    for number, line in enumerate(lines):
        match = re.match(r"([A-Za-z_$][A-Za-z0-9_$]*): ", line)
        if match and match.group(1) in renamed:
            name = match.group(1)
            keys_found[name] = keys_found.get(name, 0) + 1
            lines[number] = renamed[name] + line[len(name) :]
    for name in renamed:
        if keys_found.get(name) != 1:
            refuse(f"{name} is a key of the glue {keys_found.get(name, 0)} times, not once")
        if len(re.findall(r"(?<![A-Za-z0-9_$])" + re.escape(name) + r"(?![A-Za-z0-9_$])", glue)) != 1:
            refuse(f"{name} appears in the glue other than as its key")

    section = bytearray(leb(count))
    for module, name, desc in imports:
        for text in (module, renamed[name]):
            encoded = text.encode("utf-8")
            section += leb(len(encoded)) + encoded
        section += desc
    new_wasm = (
        wasm[:section_start] + bytes([2]) + leb(len(section)) + bytes(section) + wasm[end:]
    )
    with open(wasm_path, "wb") as f:
        f.write(new_wasm)
    with open(glue_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


main()
