#!/usr/bin/env bash
# The purge benchmark, release build: purge N artifacts (default 1,000,000; 1 KB inline each, every
# tenth with a blob object in the blob directory) with `cairn admin purge` on the database, while
# redis-benchmark runs CACHE.GET against 10,000 live artifacts of another dataset through
# `cairn serve` (hot cache off, so every GET reaches PostgreSQL: the worst case for contention).
#
#   bench/purge.sh [--artifacts N] [--clients C] [--batch-size B] [--batch-pause D] [--hot-cache]
#
# Reports artifacts purged per second (selection, deletion and blob collection, end to end) and
# CACHE.GET p50/p99 before the purge and during it (redis-benchmark in chunks while it runs).
set -euo pipefail
cd "$(dirname "$0")/.."

artifacts=1000000
clients=16
batch=500
pause=0s
hot=0
while [ $# -gt 0 ]; do
  case "$1" in
    --artifacts) artifacts=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --batch-size) batch=$2; shift 2 ;;
    --batch-pause) pause=$2; shift 2 ;;
    --hot-cache) hot=256MiB; shift ;;
    *) echo "usage: bench/purge.sh [--artifacts N] [--clients C] [--batch-size B] [--batch-pause D] [--hot-cache]" >&2; exit 2 ;;
  esac
done

. bench/serve.sh purge
blobs=$work/blobs
start_serve --hot-cache-size "$hot" --sweep-interval 0 --blob-dir "$blobs"
url="host=$work/data/run port=5432 user=cairn dbname=cairn"

echo "== populating: $artifacts artifacts to purge (1 KB inline, every tenth with a blob), 10,000 live ones"
start=$(date +%s.%N)
psql -q -v ON_ERROR_STOP=1 -v n="$artifacts" -v root="$blobs" "$url" <<'SQL'
SET synchronous_commit = off;
INSERT INTO datasets (project, domain, name, version) VALUES ('bench', 'purge', 'victims', 'v1'), ('bench', 'live', 'reads', 'v1');
CREATE TEMPORARY TABLE plan AS
SELECT i, (SELECT id FROM datasets WHERE name = 'victims') AS dataset, md5('victim' || i)::uuid AS id,
       CASE WHEN i % 10 = 0 THEN convert_to('blob-' || i, 'UTF8') END AS blob
  FROM generate_series(1, :n) AS i
UNION ALL
SELECT i, (SELECT id FROM datasets WHERE name = 'reads'), md5('live' || i)::uuid, NULL
  FROM generate_series(0, 9999) AS i;
INSERT INTO artifacts (id, dataset_id, total_size, checksum, blob_count, created_at)
SELECT id, dataset, 1024 + coalesce(length(blob), 0), sha256(convert_to(id::text, 'UTF8')),
       CASE WHEN blob IS NULL THEN 0 ELSE 1 END, now() - interval '1 day' FROM plan;
INSERT INTO artifact_data (artifact_id, name, value)
SELECT id, 'value', decode(repeat(md5(i::text), 64), 'hex') FROM plan;
INSERT INTO tags (dataset_id, name, artifact_id)
SELECT dataset, CASE WHEN dataset = (SELECT id FROM datasets WHERE name = 'reads') THEN 'k' || lpad(i::text, 12, '0') ELSE 't' || i END, id FROM plan;
INSERT INTO artifact_blobs (artifact_id, uri, size, sha256)
SELECT id, 'file://' || :'root' || '/' || left(encode(sha256(blob), 'hex'), 2) || '/' || encode(sha256(blob), 'hex') || '.z',
       length(blob), sha256(blob) FROM plan WHERE blob IS NOT NULL;
SQL
psql -q "$url" -c "VACUUM ANALYZE"
python3 - "$blobs" "$artifacts" <<'PY'
import hashlib, os, sys, zlib
root, n = sys.argv[1], int(sys.argv[2])
for i in range(10, n + 1, 10):
    content = f"blob-{i}".encode()
    digest = hashlib.sha256(content).hexdigest()
    os.makedirs(f"{root}/{digest[:2]}", exist_ok=True)
    with open(f"{root}/{digest[:2]}/{digest}.z", "wb") as f:
        f.write(zlib.compress(content))
PY
echo "populated in $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s: $(psql -At "$url" -c "SELECT count(*) FROM artifacts") artifacts," \
  "$(find "$blobs" -name '*.z' | wc -l) blob objects, database $(psql -At "$url" -c "SELECT pg_size_pretty(pg_database_size('cairn'))")"

load() {  # one redis-benchmark run of $1 CACHE.GETs; prints "rps p50 p99"
  # (redis-benchmark warns that it cannot read CONFIG: Cairn has no CONFIG command.)
  redis-benchmark -p "$port" -c "$clients" -n "$1" -r 10000 --csv CACHE.GET bench/live/reads/v1 k__rand_int__ 2>/dev/null |
    python3 -c "
import csv, sys
rows = list(csv.reader(sys.stdin))
header, row = rows[0], rows[1]
value = dict(zip(header, row))
print(value['rps'], value['p50_latency_ms'], value['p99_latency_ms'])"
}

echo
echo "== CACHE.GET before the purge: $clients clients, 5 runs of 40,000"
redis-benchmark -p "$port" -c "$clients" -n 20000 -r 10000 -q CACHE.GET bench/live/reads/v1 k__rand_int__ >/dev/null 2>&1  # warm-up
: >"$work/before"
for _ in 1 2 3 4 5; do load 40000 | tee -a "$work/before"; done

echo
echo "== purge: cairn admin purge --dataset bench/purge/victims/v1 --batch-size $batch --batch-pause $pause"
"$cairn" admin purge --database-url "$url" --blob-dir "$blobs" --blob-grace 0s --batch-size "$batch" \
  --batch-pause "$pause" --dataset bench/purge/victims/v1 --json >"$work/purge.json" 2>"$work/purge.log" &
purge_pid=$!
: >"$work/during"
while kill -0 "$purge_pid" 2>/dev/null; do load 40000 >>"$work/during" || true; done
wait "$purge_pid" || { cat "$work/purge.log" >&2; exit 1; }
cat "$work/during"
cat "$work/purge.json"

echo
python3 - "$work/before" "$work/during" "$work/purge.json" "$artifacts" <<'PY'
import json, statistics, sys
def rows(path):
    return [tuple(map(float, line.split())) for line in open(path) if line.strip()]
before, during = rows(sys.argv[1]), rows(sys.argv[2])
purge = json.load(open(sys.argv[3]))
n = int(sys.argv[4])
def summary(name, rs):
    rps = statistics.median(r[0] for r in rs)
    p50 = statistics.median(r[1] for r in rs)
    p99 = statistics.median(r[2] for r in rs)
    worst = max(r[2] for r in rs)
    print(f"{name}: {len(rs)} runs, median {rps:,.0f} GET/s, p50 {p50:.3f} ms, p99 {p99:.3f} ms (median of runs), worst run p99 {worst:.3f} ms")
    return p99
b = summary("before", before)
d = summary("during", during) if during else float("nan")
print(f"purged {purge['artifacts']:,} artifacts in {purge['seconds']:.1f} s: {purge['artifacts'] / purge['seconds']:,.0f} artifacts/s; "
      f"{purge['blobs_deleted']:,} blob objects deleted, {purge['blobs_deferred']} left queued, {purge['batches']} batches")
print(f"p99 during / before: {d / b:.2f}x (target <= 2x)")
PY
echo "after: $(psql -At "$url" -c "SELECT count(*) FROM artifacts") artifacts left (10,000 live expected)," \
  "$(find "$blobs" -name '*.z' | wc -l) blob objects left, $(psql -At "$url" -c "SELECT count(*) FROM blob_deletions") queued deletions"
