#!/usr/bin/env bash
# The protocol benchmark: redis-benchmark drives `cairn serve` and a redis-server side by side on
# loopback, pgbench drives the same PostgreSQL, in one run, with a release build.
#
#   bench/protocol.sh [--keys N] [--seconds S] [--quick]
#   CAIRN_BIN=/path/to/cairn bench/protocol.sh …   measure that binary instead of this checkout's
#                                                  release build (another commit's, for before/after)
#
# Cases (1 KiB values, redis-benchmark -c 50 unless noted):
#   hot GET      CACHE.GET hits from the hot cache        vs Redis GET            (-P 1 and -P 16)
#   store GET    CACHE.GET with the hot cache off (-c 16) vs pgbench prepared point select, 16 clients
#   PUT          CACHE.PUT of new tags, durable           vs Redis SET, and vs pgbench single-row upsert
# Each line reports requests/s, p50 and p99 latency (ms), the peer's, and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."

keys=10000
quick=0
while [ $# -gt 0 ]; do
  case "$1" in
    --keys) keys=$2; shift 2 ;;
    --quick) quick=1; shift ;;
    *) echo "usage: bench/protocol.sh [--keys N] [--quick]" >&2; exit 2 ;;
  esac
done
scale=$([ $quick -eq 1 ] && echo 1 || echo 4)
pg_seconds=$([ $quick -eq 1 ] && echo 3 || echo 10)

. bench/peers.sh protocol

results="$work/results.txt"
: >"$results"
# redis-benchmark --csv: "test","rps","avg","min","p50","p95","p99","max"
rb() {  # label, port, clients, pipeline, requests, command…
  local label=$1 port=$2 clients=$3 pipeline=$4 requests=$5; shift 5
  local line
  line=$(redis-benchmark -p "$port" -c "$clients" -P "$pipeline" -n "$requests" -r "$keys" --csv "$@" | tail -n 1)
  python3 - "$label" "$line" >>"$results" <<'PY'
import csv, sys
row = next(csv.reader([sys.argv[2]]))
print(f"{sys.argv[1]}\t{float(row[1]):.0f}\t{row[4]}\t{row[6]}")
PY
}
pgb() {  # label, clients, script
  local label=$1 clients=$2 script=$3
  printf '%s\n' "$script" >"$work/pgbench.sql"
  rm -f "$work"/pgb.*
  local out
  out=$(cd "$work" && pgbench -n -M prepared -f pgbench.sql -c "$clients" -j 2 -T "$pg_seconds" -l --log-prefix=pgb "$url" 2>&1)
  python3 - "$label" "$work" "$out" >>"$results" <<'PY'
import glob, re, sys
label, work, out = sys.argv[1], sys.argv[2], sys.argv[3]
tps = float(re.search(r"tps = ([0-9.]+)", out).group(1))
lat = sorted(int(l.split()[2]) for f in glob.glob(f"{work}/pgb.*") for l in open(f))
pct = lambda p: lat[min(len(lat) - 1, int(len(lat) * p))] / 1000
print(f"{label}\t{tps:.0f}\t{pct(0.5):.3f}\t{pct(0.99):.3f}")
PY
}

get="CACHE.GET bench/perf/get/v1 k__rand_int__"
rb "hot GET -P1"        7391 50 1  $((100000 * scale)) $get
rb "redis GET -P1"      7390 50 1  $((100000 * scale)) GET key:__rand_int__
rb "hot GET -P16"       7391 50 16 $((500000 * scale)) $get
rb "redis GET -P16"     7390 50 16 $((500000 * scale)) GET key:__rand_int__
rb "store GET c16"      7392 16 1  $((50000 * scale))  $get
pgb "pgbench select c16" 16 "\\set i random(0, $((keys - 1)))
SELECT d.name, d.value FROM datasets s JOIN tags t ON t.dataset_id = s.id JOIN artifact_data d ON d.artifact_id = t.artifact_id
WHERE s.project = 'bench' AND s.domain = 'perf' AND s.name = 'get' AND s.version = 'v1' AND t.name = 'k' || lpad(:i::text, 12, '0');"
# Puts of new tags (a random tag out of 2·10^9, the most redis-benchmark -r takes: a larger value
# overflows and every put hits one tag): every one creates an artifact and commits.
rb "PUT c50"            7391 50 1  $((10000 * scale))  -r 2000000000 CACHE.PUT bench/perf/put/v1 t__rand_int__ DATA o "$value"
rb "redis SET c50"      7390 50 1  $((100000 * scale)) SET key:__rand_int__ "$value"
psql -q "$url" -c "CREATE TABLE bench_kv (k text PRIMARY KEY, v bytea)" >/dev/null
pgb "pgbench upsert c50" 50 "\\set i random(1, 1000000000000)
INSERT INTO bench_kv VALUES ('u' || :i, decode(repeat('ab', 1024), 'hex')) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v;"

python3 - "$results" <<'PY'
import sys
rows = {l.split("\t")[0]: l.rstrip("\n").split("\t")[1:] for l in open(sys.argv[1])}
def line(case, cairn, peer, target):
    c, p = rows[cairn], rows[peer]
    ratio = float(c[0]) / float(p[0])
    print(f"| {case} | {float(c[0]):,.0f} | {c[1]} / {c[2]} | {peer} | {float(p[0]):,.0f} | {p[1]} / {p[2]} | **{ratio:.2f}×** | {target} |")
print("| case | cairn req/s | cairn p50 / p99 ms | peer | peer req/s | peer p50 / p99 ms | ratio | target |")
print("|---|---|---|---|---|---|---|---|")
line("CACHE.GET hot, -c 50 -P 1", "hot GET -P1", "redis GET -P1", "≥ 0.8×")
line("CACHE.GET hot, -c 50 -P 16", "hot GET -P16", "redis GET -P16", "≥ 0.5×")
line("CACHE.GET hot cache off, -c 16", "store GET c16", "pgbench select c16", "≥ 1.0×")
line("CACHE.PUT 1 KiB new tags, -c 50", "PUT c50", "redis SET c50", "")
line("CACHE.PUT 1 KiB new tags, -c 50", "PUT c50", "pgbench upsert c50", "")
PY
