#!/usr/bin/env python3
"""The tasks of count_characters. The engine names the inputs file in CAIRN_INPUTS and expects
the outputs (or, for the dynamic task, the future) in the file named by CAIRN_OUTPUTS
(CAIRN_FUTURE)."""
import json
import os
import sys

ALPHABET = 26


def read_inputs():
    with open(os.environ["CAIRN_INPUTS"]) as f:
        return json.load(f)


def write(variable, value):
    with open(os.environ[variable], "w") as f:
        json.dump(value, f)


def char_index(c):
    # Letters map to 0..25; anything else is not counted (-1).
    c = c.lower()
    return ord(c) - ord("a") if "a" <= c <= "z" else -1


def generate(s1, s2):
    """The future: a chain of char_index/update_list nodes per string, then derive_count."""
    nodes = []

    def chain(prefix, text):
        previous = [0] * ALPHABET
        for position, c in enumerate(text):
            index_node = f"{prefix}_index_{position}"
            update_node = f"{prefix}_update_{position}"
            nodes.append({"id": index_node, "task": "char_index", "inputs": {"c": c}})
            nodes.append({"id": update_node, "task": "update_list",
                          "inputs": {"freq": previous, "index": f"${index_node}.index"}})
            previous = f"${update_node}.freq"
        return previous

    freq1 = chain("s1", s1)
    freq2 = chain("s2", s2)
    nodes.append({"id": "derive", "task": "derive_count", "inputs": {"freq1": freq1, "freq2": freq2}})
    return {"nodes": nodes, "outputs": {"count": "$derive.count"}}


def main():
    task = sys.argv[1]
    inputs = read_inputs()
    # Knobs for tests and benchmarks: record each run, or make one task fail.
    side_effect = os.environ.get("COUNT_CHARACTERS_TRACE")
    if side_effect:
        with open(side_effect, "a") as f:
            f.write(task + "\n")
    if os.environ.get("COUNT_CHARACTERS_FAIL") == task:
        sys.exit(f"{task}: failing as COUNT_CHARACTERS_FAIL asks")
    if task == "generate":
        write("CAIRN_FUTURE", generate(inputs["s1"], inputs["s2"]))
    elif task == "char_index":
        write("CAIRN_OUTPUTS", {"index": char_index(inputs["c"])})
    elif task == "update_list":
        freq = list(inputs["freq"])
        if 0 <= inputs["index"] < len(freq):
            freq[inputs["index"]] += 1
        write("CAIRN_OUTPUTS", {"freq": freq})
    elif task == "derive_count":
        write("CAIRN_OUTPUTS", {"count": sum(min(a, b) for a, b in zip(inputs["freq1"], inputs["freq2"]))})
    else:
        sys.exit(f"unknown task {task}")


if __name__ == "__main__":
    main()
