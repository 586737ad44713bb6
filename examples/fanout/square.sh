#!/bin/sh
# Inputs arrive as {"i":N,"salt":S}; the output is {"square": N*N + S}.
set -eu
i=$(sed -e 's/.*"i":\(-\{0,1\}[0-9]*\).*/\1/' "$CAIRN_INPUTS")
salt=$(sed -e 's/.*"salt":\(-\{0,1\}[0-9]*\).*/\1/' "$CAIRN_INPUTS")
echo "{\"square\": $((i * i + salt))}" > "$CAIRN_OUTPUTS"
