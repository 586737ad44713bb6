#!/usr/bin/env bash
# Issue 16's figures for lineage and miss explanations, in one run, with a release build:
#
#   bench/explain.sh [--artifacts N] [--requests N] [--rounds N] [--before /path/to/older/cairn]
#
# 1. CACHE.EXPLAIN latency with N artifacts (default 1,000,000) in one task's datasets: each
#    artifact records four inputs (x unique, config the same everywhere, seed one of 100, data one of
#    1,000), loaded straight into the tables. redis-benchmark sends CACHE.EXPLAIN for a key of the
#    task's next cache version whose x is one of the stored ones (-r: random), one client (latency)
#    and 16 (throughput); p50 / p99 in ms. The statement's plan, with EXPLAIN ANALYZE's timings, is
#    printed from auto_explain for one such request.
# 2. The put path: bench/protocol.sh's PUT case (CACHE.PUT of new tags, 1 KiB, -c 50, durable) as a
#    pre-lineage client sends it, and as the engine now sends it (eight lineage META entries, the
#    interface, four INPUTs), against this build; with --before, the plain case against that binary
#    too (on its own database of the same cluster, side by side), which is the "before".
set -euo pipefail
cd "$(dirname "$0")/.."

artifacts=1000000
requests=20000
rounds=3
before=""
while [ $# -gt 0 ]; do
  case "$1" in
    --artifacts) artifacts=$2; shift 2 ;;
    --requests) requests=$2; shift 2 ;;
    --before) before=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) echo "usage: bench/explain.sh [--artifacts N] [--requests N] [--rounds N] [--before cairn]" >&2; exit 2 ;;
  esac
done

scripts/install-deps
command -v redis-benchmark >/dev/null || {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-tools >/dev/null
}
swift build -c release --product cairn >&2
cairn=$(swift build -c release --show-bin-path)/cairn

bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
work=$(mktemp -d /tmp/cairn-bench-explain.XXXXXX)
chmod 755 "$work"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$work"; as_pg=(runuser -u postgres --); fi
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$work/pgdata" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# PostgreSQL as a production would run it (fsync and synchronous_commit on); auto_explain loaded, off
# until a session turns it on.
"${as_pg[@]}" "$bindir/initdb" -D "$work/pgdata" -U cairn --auth=trust -E UTF8 --locale=C >/dev/null
"${as_pg[@]}" "$bindir/pg_ctl" -D "$work/pgdata" -l "$work/postgres.log" -w \
  -o "-c listen_addresses='' -c unix_socket_directories='$work' -p 5432 -c max_connections=200 \
      -c shared_preload_libraries=auto_explain -c auto_explain.log_min_duration=-1" start >/dev/null
base="host=$work port=5432 user=cairn"
psql -q "$base dbname=postgres" -c "CREATE DATABASE after" -c "CREATE DATABASE before" >/dev/null
url="$base dbname=after"

start_cairn() {  # port, database url, binary, extra options
  local port=$1 database=$2 binary=$3; shift 3
  "$binary" serve --database-url "$database" --port "$port" --unix-socket none "$@" >"$work/cairn-$port.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 300); do
    grep -q "listening on" "$work/cairn-$port.log" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "bench: cairn on $port did not start:" >&2; cat "$work/cairn-$port.log" >&2; exit 1
}
"$cairn" admin migrate --database-url "$url" >/dev/null

echo "loading $artifacts artifacts …" >&2
hex() { printf '%064d' "$1"; }
psql -q -v ON_ERROR_STOP=1 "$url" >/dev/null <<SQL
INSERT INTO datasets (project, domain, name, version) VALUES
  ('bench', 'explain', 'task-bench', '1-0123456789abcdef'), ('bench', 'explain', 'task-bench', '2-0123456789abcdef');
CREATE TEMPORARY TABLE n AS SELECT i, md5('a' || i)::uuid AS id FROM generate_series(1, $artifacts) AS i;
INSERT INTO artifacts (id, dataset_id, total_size, checksum, created_at, metadata)
SELECT n.id, 1, 1, sha256(n.i::text::bytea), now() - ($artifacts - n.i) * interval '1 ms',
       jsonb_build_object('cairn.execution', md5('e' || n.i / 100)::uuid::text, 'cairn.node', 'bench')
  FROM n;
INSERT INTO tags (dataset_id, name, artifact_id, created_at) SELECT 1, 't' || n.i, n.id, now() FROM n;
INSERT INTO artifact_data (artifact_id, name, value) SELECT n.id, 'o', '\x01' FROM n;
INSERT INTO artifact_inputs (artifact_id, dataset_id, name, digest, preview, created_at)
SELECT n.id, 1, x.name, x.digest, x.preview, now() - ($artifacts - n.i) * interval '1 ms'
  FROM n CROSS JOIN LATERAL (VALUES
    ('x', decode(lpad(n.i::text, 64, '0'), 'hex'), n.i::text),
    ('config', sha256('config'::bytea), '"fast"'),
    ('seed', sha256(('seed' || n.i % 100)::bytea), (n.i % 100)::text),
    ('data', sha256(('data' || n.i % 1000)::bytea), '"part-' || n.i % 1000 || '"')) AS x (name, digest, preview);
VACUUM ANALYZE;
SQL
config=$(psql -tA "$url" -c "SELECT encode(sha256('config'::bytea), 'hex')")
seed=$(psql -tA "$url" -c "SELECT encode(sha256('seed7'::bytea), 'hex')")
data=$(psql -tA "$url" -c "SELECT encode(sha256('data-new'::bytea), 'hex')")
# A key of cache version 2: x as stored (redis-benchmark's __rand_int__ is 12 digits), data new.
explain=(CACHE.EXPLAIN bench/explain/task-bench/2-0123456789abcdef k__rand_int__
  "x=$(printf '%052d' 0)__rand_int__" "config=$config" "seed=$seed" "data=$data")

# The plan, with timings, for one request (a session of its own that turns auto_explain on).
psql -q "$url" -c "ALTER ROLE cairn IN DATABASE after SET auto_explain.log_min_duration = 0" \
  -c "ALTER ROLE cairn IN DATABASE after SET auto_explain.log_analyze = on" \
  -c "ALTER ROLE cairn IN DATABASE after SET auto_explain.log_buffers = on" >/dev/null
start_cairn 7493 "$url" "$cairn" --no-migrate --hot-cache-size 0 --sweep-interval 0
x=$((artifacts / 2))
redis-cli -p 7493 CACHE.EXPLAIN bench/explain/task-bench/2-0123456789abcdef k1 "x=$(hex $x)" "config=$config" \
  "seed=$seed" "data=$data" >"$work/explain-reply.txt"
sleep 1
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
psql -q "$url" -c "ALTER ROLE cairn IN DATABASE after RESET ALL" >/dev/null
echo "## CACHE.EXPLAIN's plan (auto_explain, EXPLAIN ANALYZE with buffers), $artifacts artifacts"
echo '```'
python3 - "$work/postgres.log" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().split("\n")
# auto_explain: "LOG:  duration: … ms  plan:", then tab-indented lines; the one for CACHE.EXPLAIN's statement.
for i, line in enumerate(lines):
    if line.endswith("plan:") and i + 1 < len(lines) and "WITH q AS" in lines[i + 1]:
        print(re.sub(r"^.*LOG:  ", "", line))
        for following in lines[i + 2:]:
            if not following.startswith(("\t", " ")):
                break
            print(following.replace("\t", "  ", 1))
        break
PY
echo '```'
echo "reply for x = $x:"
sed 's/^/    /' "$work/explain-reply.txt" | head -n 40

start_cairn 7491 "$url" "$cairn" --no-migrate --hot-cache-size 0 --sweep-interval 0
results="$work/results.txt"
: >"$results"
rb() {  # label, port, clients, requests, random range, command…
  local label=$1 port=$2 clients=$3 n=$4 range=$5; shift 5
  local line
  line=$(redis-benchmark -p "$port" -c "$clients" -n "$n" -r "$range" --csv "$@" | tail -n 1)
  python3 - "$label" "$line" >>"$results" <<'PY'
import csv, sys
row = next(csv.reader([sys.argv[2]]))
print(f"{sys.argv[1]}\t{float(row[-7]):.0f}\t{row[-4]}\t{row[-2]}")
PY
}
rb "EXPLAIN c1" 7491 1 "$requests" "$artifacts" "${explain[@]}"
rb "EXPLAIN c16" 7491 16 "$requests" "$artifacts" "${explain[@]}"

# The put path: new tags, 1 KiB, durable, -c 50, as protocol.sh's PUT case.
value=$(python3 -c 'print("0123456789abcdef" * 64)')
lineage=(META cairn.execution 6f1c9a52-3d41-4c0e-9e2a-5b7f1d8e0a11 META cairn.workflow bench META cairn.node n__rand_int__
  META cairn.attempt 1 META cairn.host bench-host META cairn.engine_version 0.1.0
  META cairn.command_sha256 "$config" META cairn.ran_at 2026-12-06T08:00:00.000Z
  META cairn.interface '{"inputs":{"config":"string","data":"string","seed":"int","x":"int"},"outputs":{"o":"string"}}')
inputs=(INPUT x "$(printf '%052d' 0)__rand_int__" __rand_int__ INPUT config "$config" '"fast"'
  INPUT seed "$seed" 7 INPUT data "$data" '"part-new"')
puts=$((10000 * 4))
start_cairn 7492 "$url" "$cairn" --no-migrate --sweep-interval 0
[ -z "$before" ] || start_cairn 7494 "$base dbname=before" "$before" --sweep-interval 0
# Interleaved rounds (a shared machine drifts by more than the difference measured); medians reported.
# Tags from 2*10^9 (redis-benchmark's -r is an int), so every put creates an artifact and commits.
for round in $(seq 1 "$rounds"); do
  [ -z "$before" ] || rb "PUT before" 7494 50 "$puts" 2000000000 CACHE.PUT bench/perf/put/b$round t__rand_int__ \
    DATA o "$value"
  rb "PUT plain" 7492 50 "$puts" 2000000000 CACHE.PUT bench/perf/put/p$round t__rand_int__ DATA o "$value"
  rb "PUT lineage" 7492 50 "$puts" 2000000000 CACHE.PUT bench/perf/put/l$round t__rand_int__ "${lineage[@]}" \
    "${inputs[@]}" DATA o "$value"
  rb "PUT lineage only" 7492 50 "$puts" 2000000000 CACHE.PUT bench/perf/put/m$round t__rand_int__ "${lineage[@]}" \
    DATA o "$value"
  rb "PUT inputs only" 7492 50 "$puts" 2000000000 CACHE.PUT bench/perf/put/i$round t__rand_int__ "${inputs[@]}" \
    DATA o "$value"
done

python3 - "$results" "$artifacts" <<'PY'
import sys
import statistics
runs = {}
for l in open(sys.argv[1]):
    label, *fields = l.rstrip("\n").split("\t")
    runs.setdefault(label, []).append(fields)
# One row per case: the median run by requests/s (its p50 and p99 with it), and every run's rate.
rows = {k: sorted(v, key=lambda f: float(f[0]))[len(v) // 2] for k, v in runs.items()}
rates = {k: [float(f[0]) for f in v] for k, v in runs.items()}
print(f"\n## CACHE.EXPLAIN, {int(sys.argv[2]):,} artifacts in the task's datasets (target p99 < 5 ms)")
print("| clients | req/s | p50 ms | p99 ms |")
print("|---|---|---|---|")
for label in ("EXPLAIN c1", "EXPLAIN c16"):
    r = rows[label]
    print(f"| {label.split('c')[-1]} | {float(r[0]):,.0f} | {r[1]} | {r[2]} |")
print("\n## The put path (CACHE.PUT new tags, 1 KiB, -c 50, durable; target: lineage ≥ 0.9× before)")
print("| case | median req/s | p50 / p99 ms | every round, req/s |")
print("|---|---|---|---|")
for label in ("PUT before", "PUT plain", "PUT lineage", "PUT lineage only", "PUT inputs only"):
    if label in rows:
        r = rows[label]
        print(f"| {label} | {float(r[0]):,.0f} | {r[1]} / {r[2]} | {', '.join(f'{x:,.0f}' for x in rates[label])} |")
median = lambda label: statistics.median(rates[label])
print(f"\nlineage / plain (this build, medians): **{median('PUT lineage') / median('PUT plain'):.2f}×**")
if "PUT before" in rates:
    print(f"lineage / before (medians): **{median('PUT lineage') / median('PUT before'):.2f}×**; "
          f"plain / before: {median('PUT plain') / median('PUT before'):.2f}×")
PY
