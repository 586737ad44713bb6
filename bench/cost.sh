#!/usr/bin/env bash
# The cost bench: server-side CPU per request, throughput and p50/p99 for Cairn and its peers in
# one run, release build (issue 17's method; bench/cost.py measures, this script sets up).
#
#   bench/cost.sh [--rounds R] [--quick] [--keys N]
#   CAIRN_BIN=/path/to/cairn bench/cost.sh …   measure that binary (another commit's, for before/after)
#
# Server CPU per request = the serving processes' CPU over a fixed number of requests / requests:
# `cairn serve`'s, PostgreSQL's (the postmaster and its children, exited ones included) and
# redis-server's, each counted apart (see bench/cost.py for why not the machine-wide figure). Cases: hot CACHE.GET at -P 1 and -P 16 and hot CACHE.MGET of
# 64 vs redis-server; CACHE.GET and CACHE.MGET of 64 with the hot cache off vs pgbench prepared
# selects of one and 64 tags; durable CACHE.PUT vs pgbench's single-row upsert (synchronous_commit
# on). Prints one table of medians over the rounds, with the background load seen.
set -euo pipefail
cd "$(dirname "$0")/.."

keys=10000
rounds=3
scale=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --keys) keys=$2; shift 2 ;;
    --quick) rounds=1; scale=0.25; shift ;;
    *) echo "usage: bench/cost.sh [--rounds R] [--quick] [--keys N]" >&2; exit 2 ;;
  esac
done

. bench/peers.sh cost
psql -q "$url" -c "CREATE TABLE cost_kv (k text PRIMARY KEY, v bytea)" >/dev/null
python3 bench/cost.py --work "$work" --url "$url" --hot "$hot_pid" --store "$store_pid" \
  --redis "$redis_pid" --postmaster "$(head -n 1 "$work/pgdata/postmaster.pid")" --keys "$keys" \
  --rounds "$rounds" --scale "$scale"
