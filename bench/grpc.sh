#!/usr/bin/env bash
# The Flyte datacatalog benchmark (issue 13's figures): `cairn bench grpc` drives flytepropeller's
# lookup pair (GetDataset, then GetArtifact by tag) over gRPC and CACHE.GET over RESP, same keys,
# same concurrency, in one process, against a release build of `cairn serve` on a private
# PostgreSQL with pg_stat_statements preloaded, so it also counts the SQL statements per lookup.
#
#   bench/grpc.sh [--rounds N] [--quick] [cairn bench grpc options…]
#   CAIRN_BIN=/path/to/cairn bench/grpc.sh …   measure that binary instead of this checkout's release build
#
# Two servers share the database: one with the hot cache (hot hits and misses), one started with
# --hot-cache-size 0 (store hits). Each round loads a dataset of its own and prints one table.
# Expiry sweeps are off (--sweep-interval 0): a sweep's statements come from a timer, not from a
# lookup, and with sweeps on, whether one falls in a 30 s case or in the idle interval subtracted
# from it is chance.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=1
options=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --quick) options+=(--artifacts 2000 --count 20000 --seconds 10); shift ;;
    *) options+=("$1"); shift ;;
  esac
done

scripts/install-deps
if [ -n "${CAIRN_BIN:-}" ]; then
  cairn=$CAIRN_BIN
else
  swift build -c release --product cairn >&2
  cairn=$(swift build -c release --show-bin-path)/cairn
fi

bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
work=$(mktemp -d /tmp/cairn-bench-grpc.XXXXXX)
chmod 755 "$work"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$work"; as_pg=(runuser -u postgres --); fi
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$work/pgdata" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# PostgreSQL as a production would run it (fsync and synchronous_commit on), with
# pg_stat_statements loaded so statements are counted exactly and at once.
"${as_pg[@]}" "$bindir/initdb" -D "$work/pgdata" -U cairn --auth=trust -E UTF8 --locale=C >/dev/null
"${as_pg[@]}" "$bindir/pg_ctl" -D "$work/pgdata" -l "$work/postgres.log" -w \
  -o "-c listen_addresses='' -c unix_socket_directories='$work' -p 5432 -c max_connections=200 -c shared_preload_libraries=pg_stat_statements" \
  start >/dev/null
psql -q "host=$work port=5432 user=cairn dbname=postgres" -c "CREATE DATABASE cairn" >/dev/null
url="host=$work port=5432 user=cairn dbname=cairn"
psql -q "$url" -c "CREATE EXTENSION pg_stat_statements" >/dev/null

start_cairn() {  # name, options…; sets resp_port and grpc_port
  local name=$1; shift
  local log="$work/cairn-$name.log"
  "$cairn" serve --database-url "$url" --port 0 --grpc-port 0 --unix-socket none --blob-dir "$work/blobs" \
    --sweep-interval 0 "$@" \
    >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 600); do
    grep -q "^cairn: listening on" "$log" 2>/dev/null && grep -q "^cairn: grpc on" "$log" && break
    sleep 0.1
  done
  resp_port=$(sed -n 's/^cairn: listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$log" | head -n 1)
  grpc_port=$(sed -n 's/^cairn: grpc on 127.0.0.1:\([0-9]*\).*/\1/p' "$log" | head -n 1)
  if [ -z "$resp_port" ] || [ -z "$grpc_port" ]; then
    echo "bench: cairn ($name) did not start:" >&2; cat "$log" >&2; exit 1
  fi
}
start_cairn hot
hot=(--grpc "127.0.0.1:$grpc_port" --resp "127.0.0.1:$resp_port")
start_cairn cold --hot-cache-size 0 --no-migrate
cold=(--cold-grpc "127.0.0.1:$grpc_port" --cold-resp "127.0.0.1:$resp_port")

for round in $(seq 1 "$rounds"); do
  [ "$rounds" -eq 1 ] || echo "round $round of $rounds"
  "$cairn" bench grpc "${hot[@]}" "${cold[@]}" --database-url "$url" ${options[@]+"${options[@]}"}
  echo
done
