"""The branch example's tasks: read $CAIRN_INPUTS, write $CAIRN_OUTPUTS (see docs/workflows.md)."""

import json
import os
import sys

with open(os.environ["CAIRN_INPUTS"], encoding="utf-8") as source:
    text = json.load(source)["text"]
operation = sys.argv[1]
if operation == "measure":
    outputs = {"length": len(text)}
elif operation == "shout":
    outputs = {"text": text.upper()}
elif operation == "mirror":
    outputs = {"text": text[::-1]}
elif operation == "keep":
    outputs = {"text": text}
elif operation == "tag":
    outputs = {"text": "[" + text + "]"}
else:
    sys.exit(f"unknown operation {operation}")
with open(os.environ["CAIRN_OUTPUTS"], "w", encoding="utf-8") as target:
    json.dump(outputs, target)
