#!/bin/sh
# Inputs arrive as {"squares":[a,b,…]}; the output is their sum and the last one (0 for none).
set -eu
tr -cd '0-9,-' < "$CAIRN_INPUTS" |
  awk -F, '{ for (i = 1; i <= NF; i++) total += $i; last = NF ? $NF : 0 }
    END { printf "{\"total\": %.0f, \"last\": %.0f}", total, last }' > "$CAIRN_OUTPUTS"
