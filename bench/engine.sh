#!/usr/bin/env bash
# The engine benchmark, with a release build, against a `cairn serve` with an embedded PostgreSQL
# in a scratch directory (the engine keeps its state in the same cluster):
#
#   bench/engine.sh [--runs N] [--wide N]
#
#   fan-out     examples/fanout (a map node of 1,000 cached elements and a gather): the second,
#               all-cached run end to end (the whole `cairn run` process), the engine's own time,
#               and its overhead per element
#   map         the same workflow with --wide elements (default 10,000): the first run against
#               the same processes from a shell loop, the state after it (binary, zlib) against the
#               same state as JSON, then all-cached runs end to end with the catalog round trips
#               each made (the server's total_commands_processed, connection set-up included)
#   future      examples/count_characters: generator + compiler time (first run, a child made to
#               fail) against taking the compiled future from the catalog (the re-run)
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5
wide=10000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --wide) wide=$2; shift 2 ;;
    *) echo "usage: bench/engine.sh [--runs N] [--wide N]" >&2; exit 2 ;;
  esac
done

. bench/serve.sh engine
start_serve
export CAIRN_CATALOG=127.0.0.1:$port
run=("$cairn" run --data-dir "$work/data" --json)

field() { python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
now() { date +%s.%N; }

echo "== fan-out: examples/fanout/fanout.yaml (a map node of 1,000 cached elements), $runs all-cached runs"
"${run[@]}" examples/fanout/fanout.yaml --parallelism 16 >"$work/populate.json"
echo "first run: $(field "$work/populate.json" "r['duration_ms']") ms engine time, cache $(field "$work/populate.json" "r['cache']")"
walls=()
for i in $(seq 1 "$runs"); do
  start=$(now)
  "${run[@]}" examples/fanout/fanout.yaml >"$work/cached.json"
  end=$(now)
  wall=$(python3 -c "print(round(($end - $start) * 1000))")
  engine=$(field "$work/cached.json" "r['duration_ms']")
  hits=$(field "$work/cached.json" "r['cache'].get('HIT', 0)")
  echo "run $i: ${wall} ms end to end (process start to exit), ${engine} ms engine, ${hits} HIT," \
    "$(python3 -c "print(round($engine * 1000 / 1000, 1))") µs engine time per element"
  walls+=("$wall")
done
python3 -c "
import statistics, sys
w = sorted(int(x) for x in sys.argv[1:])
print(f'end to end: median {statistics.median(w):.0f} ms, min {w[0]} ms, max {w[-1]} ms (target < 2000 ms)')
" "${walls[@]}"

echo
echo "== future: examples/count_characters (s1=cairncairncairn, s2=workflowengine)"
cc=(examples/count_characters/count_characters.yaml --input s1=cairncairncairn --input s2=workflowengine)
COUNT_CHARACTERS_FAIL=derive_count "${run[@]}" "${cc[@]}" >"$work/fail.json" || true
"${run[@]}" "${cc[@]}" >"$work/rerun.json"
generated=$(field "$work/fail.json" "r['nodes'][0]['future_ms']")
compiled=$(field "$work/fail.json" "r['nodes'][0]['compile_ms']")
fetched=$(field "$work/rerun.json" "r['nodes'][0]['future_ms']")
from_catalog=$(field "$work/rerun.json" "r['nodes'][0]['future_from_catalog']")
nodes=$(field "$work/rerun.json" "len(r['nodes']) - 1")
echo "generator + compile: ${compiled} ms (future obtained in ${generated} ms); future of ${nodes} nodes" \
  "from the catalog: ${fetched} ms (from_catalog=${from_catalog}); saved $(field "$work/rerun.json" "r['compile_ms_saved']") ms"

echo
echo "== map: examples/fanout/fanout.yaml with $wide elements"
commands() { redis-cli -p "$port" INFO stats | tr -d '\r' | sed -n 's/^total_commands_processed://p'; }
wide_run=("${run[@]}" examples/fanout/fanout.yaml --input count="$wide")
start=$(now)
"${wide_run[@]}" --parallelism 16 >"$work/wide.json"
end=$(now)
echo "first run: $(python3 -c "print(round(($end - $start) * 1000))") ms end to end," \
  "elements $(field "$work/wide.json" "r['nodes'][1]['elements']['cache']")"
# The same processes from a shell loop, 16 at a time as the engine ran them: the engine's overhead is the difference.
mkdir -p "$work/loop"
start=$(now)
seq 0 $((wide - 1)) | xargs -P 16 -I{} sh -c \
  'printf "{\"i\":{},\"salt\":0}" >"$1/in.{}"; CAIRN_INPUTS="$1/in.{}" CAIRN_OUTPUTS="$1/out.{}" sh examples/fanout/square.sh' \
  _ "$work/loop"
end=$(now)
loop=$(python3 -c "print(round(($end - $start) * 1000))")
engine=$(field "$work/wide.json" "r['duration_ms']")
echo "shell loop of the same $wide processes (xargs -P 16): ${loop} ms; engine time ${engine} ms:" \
  "$(python3 -c "print(round(($engine - $loop) * 1000 / $wide))") µs more per element"
field "$work/wide.json" "f\"state: binary+zlib {r['state_bytes']} bytes ({r['state_bytes'] / $wide:.1f} per element), JSON {r['state_json_bytes']} bytes ({r['state_json_bytes'] / $wide:.1f} per element): {r['state_json_bytes'] / r['state_bytes']:.1f}x smaller (target >= 10x)\""
walls=()
for i in $(seq 1 "$runs"); do
  before=$(commands)
  start=$(now)
  "${wide_run[@]}" >"$work/cached.json"
  end=$(now)
  after=$(commands)
  wall=$(python3 -c "print(round(($end - $start) * 1000))")
  echo "run $i: ${wall} ms end to end, $(field "$work/cached.json" "r['duration_ms']") ms engine," \
    "elements $(field "$work/cached.json" "r['nodes'][1]['elements']['cache']"), $((after - before)) catalog round trips"
  walls+=("$wall")
done
python3 -c "
import statistics, sys
w = sorted(int(x) for x in sys.argv[1:])
print(f'end to end: median {statistics.median(w):.0f} ms, min {w[0]} ms, max {w[-1]} ms (target < 1000 ms)')
" "${walls[@]}"
