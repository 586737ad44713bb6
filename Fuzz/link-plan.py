#!/usr/bin/env python3
"""Reads SwiftPM's build plan (<scratch>/release.yaml) and prints, one per line, what swiftc needs
to compile and link a harness against a target built there: the target's module search and
module-map flags, then the objects of the target and of everything it depends on (Swift modules
through their .swiftmodule inputs, C modules through their module maps). Taken from the plan
rather than globbed, so objects of deleted sources or of targets outside the closure stay out.

Usage: link-plan.py <release.yaml> <Target>
"""
import json
import re
import sys


def commands(path):
    """Each command of the plan: its name and its JSON-valued fields (tool, inputs, outputs, args)."""
    plan, name = {}, None
    for line in open(path, encoding="utf-8"):
        header = re.match(r'^  "(.+)":\s*$', line)
        if header:
            name = header.group(1)
            plan[name] = {}
            continue
        field = re.match(r"^    (tool|inputs|outputs|args): (.*)$", line)
        if name and field:
            value = field.group(2)
            plan[name][field.group(1)] = json.loads(value) if value.startswith("[") else value
    return plan


def main():
    path, root = sys.argv[1], sys.argv[2]
    plan = commands(path)
    swift = {}
    for name, command in plan.items():
        match = re.match(r"^C\.(.+)-[^-]+-unknown-[^-]+-[^-]+-release\.module$", name) or re.match(
            r"^C\.(.+)-release\.module$", name)
        if match and "args" in command:
            swift[match.group(1)] = command
    if root not in swift:
        sys.exit(f"link-plan: no Swift module {root} in {path}")

    # Module search paths and module maps: `-I dir` and every `-Xcc <clang flag>` pair.
    flags, args, index = [], swift[root]["args"], 0
    while index < len(args) - 1:
        if args[index] in ("-I", "-Xcc"):
            flags += args[index : index + 2]
            index += 2
        else:
            index += 1

    # The Swift closure, through .swiftmodule inputs; C modules, through module maps in the flags.
    closure, pending, c_modules = set(), [root], set()
    while pending:
        target = pending.pop()
        if target in closure:
            continue
        closure.add(target)
        command = swift[target]
        for item in command.get("inputs", []):
            module = re.search(r"/Modules/(.+)\.swiftmodule$", item)
            if module and module.group(1) in swift:
                pending.append(module.group(1))
        for arg in command["args"]:
            # <scratch>/<arch>/release/<C>.build/module.modulemap or <package>/Sources/<C>/include/….
            modulemap = re.match(r"^-fmodule-map-file=.*/([^/]+)\.build/module\.modulemap$", arg) or re.match(
                r"^-fmodule-map-file=.*/([^/]+)/include/module\.modulemap$", arg)
            if modulemap:
                c_modules.add(modulemap.group(1))

    objects = []
    for target in sorted(closure):
        objects += [item for item in swift[target]["outputs"] if item.endswith(".o")]
    for name, command in plan.items():
        if command.get("tool") != "clang":
            continue
        for item in command.get("outputs", []):
            owner = re.search(r"/([^/]+)\.build/.+\.o$", item)
            if owner and owner.group(1) in c_modules:
                objects.append(item)

    print("\n".join(flags + sorted(set(objects), key=objects.index)))


if __name__ == "__main__":
    main()
