#!/usr/bin/env python3
"""produce: a list of `lines` strings (about 40 bytes each); measure: their total length;
measure_line: the length of one."""
import json
import os
import sys

with open(os.environ["CAIRN_INPUTS"]) as f:
    inputs = json.load(f)
if sys.argv[1] == "produce":
    text = [f"line {i:08d} of the large output example" for i in range(inputs["lines"])]
    result = {"text": text}
elif sys.argv[1] == "measure":
    result = {"characters": sum(len(line) for line in inputs["text"])}
else:
    result = {"characters": len(inputs["line"])}
with open(os.environ["CAIRN_OUTPUTS"], "w") as f:
    json.dump(result, f)
