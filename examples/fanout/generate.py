#!/usr/bin/env python3
"""Writes fanout.yaml: N independent cached nodes (default 1000)."""
import sys

count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
lines = [
    f"# {count} independent cached nodes. Written by generate.py; run it to change the width.",
    "workflow: fanout",
    "project: examples",
    "domain: development",
    "inputs:",
    "  salt: {type: int, default: 0}",
    "outputs:",
    f"  last: {{type: int, from: $sq{count - 1}.square}}",
    "tasks:",
    "  square:",
    "    inputs: {i: int, salt: int}",
    "    outputs: {square: int}",
    "    command: [sh, square.sh]",
    "    cache: {enabled: true, version: \"1\"}",
    "nodes:",
]
for i in range(count):
    lines.append(f"  - {{id: sq{i}, task: square, inputs: {{i: {i}, salt: $inputs.salt}}}}")
with open(sys.argv[2] if len(sys.argv) > 2 else "fanout.yaml", "w") as f:
    f.write("\n".join(lines) + "\n")
