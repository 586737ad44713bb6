#!/bin/sh
# Inputs arrive as {"count":N}; the output is {"items": [0, 1, …, N-1]}.
set -eu
n=$(tr -cd '0-9' < "$CAIRN_INPUTS")
{ printf '{"items": ['; seq -s, 0 $((n - 1)); printf ']}'; } > "$CAIRN_OUTPUTS"
