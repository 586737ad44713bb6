#!/usr/bin/env bash
# The server's CPU time per request, which noise on a shared machine moves far less than
# throughput: for one cairn binary, the utime+stime the `cairn serve` process spends over a fixed
# number of hot CACHE.GETs (-P 1 and -P 16, 50 clients) and of CACHE.GETs with the hot cache off
# (PostgreSQL's own CPU not included), three rounds. Give two binaries in turn (say, before and
# after a change, both release builds) to compare them in one sitting.
#
#   bench/cpu-per-request.sh <path/to/cairn> [label]
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: bench/cpu-per-request.sh <path/to/cairn> [label]" >&2; exit 2; }
bin=$(realpath "$1"); label=${2:-cairn}
cd "$(dirname "$0")/.."
command -v redis-benchmark >/dev/null || { echo "bench: redis-benchmark is needed (scripts/install-deps)" >&2; exit 1; }
work=$(mktemp -d /tmp/cairn-bench-cpu.XXXXXX); chmod 755 $work
pid=; pid2=
# cairn stops its embedded PostgreSQL on SIGTERM.
cleanup() { kill $pid $pid2 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
"$bin" serve --data-dir $work/data --port 7451 --unix-socket none > $work/log 2>&1 &
pid=$!
for _ in $(seq 1 600); do grep -q '^cairn: listening' $work/log 2>/dev/null && break; sleep 0.1; done
"$bin" serve --data-dir $work/data --port 7452 --unix-socket none --hot-cache-size 0 --no-migrate > $work/log2 2>&1 &
pid2=$!
for _ in $(seq 1 600); do grep -q '^cairn: listening' $work/log2 2>/dev/null && break; sleep 0.1; done
python3 bench/keys.py $work 10000 bench/perf/get/v1
redis-cli -p 7451 --pipe < $work/puts.resp > /dev/null
redis-cli -p 7451 --pipe < $work/gets.resp > /dev/null
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
tick=$(getconf CLK_TCK)
measure() { # pid port n pipeline
  local a b; a=$(cpu $1)
  redis-benchmark -p $2 -c 50 -P $4 -n $3 -r 10000 -q CACHE.GET bench/perf/get/v1 k__rand_int__ >/dev/null 2>&1
  b=$(cpu $1)
  python3 -c "print(f'{($b-$a)/$tick/$3*1e6:.2f}')"
}
for round in 1 2 3; do
  echo "$label hot -P1: $(measure $pid 7451 200000 1) us/req; hot -P16: $(measure $pid 7451 1000000 16) us/req; store -P1 c50: $(measure $pid2 7452 50000 1) us/req (+ PostgreSQL's)"
done
