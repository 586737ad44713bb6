#!/usr/bin/env bash
# The budget benchmark (issue 16), release build: does `cairn serve --max-size` keep the catalog
# within its budget under a write load that exceeds it? redis-benchmark writes CACHE.PUT of new
# tags (1 KiB values) as fast as it can (-c 50 -P 16: a 20k puts/s attempt), bounded by --puts and
# --seconds, against a server with the budget on its embedded PostgreSQL; a sampler reads the exact
# size (sum(total_size) over the artifacts, not the server's counter) every 20 ms on its own session.
#
#   bench/budget.sh [--budget SIZE] [--low-water PERCENT] [--puts N] [--seconds S] [--batch-size B]
#
# Reports the put rate reached, the largest size seen, and the overshoot: bytes above the budget,
# in artifacts and in eviction batches (the figure: never more than one batch).
set -euo pipefail
cd "$(dirname "$0")/.."

budget=32MiB
low_water=90
puts=600000
seconds=60
batch=500
while [ $# -gt 0 ]; do
  case "$1" in
    --budget) budget=$2; shift 2 ;;
    --low-water) low_water=$2; shift 2 ;;
    --puts) puts=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --batch-size) batch=$2; shift 2 ;;
    *) echo "usage: bench/budget.sh [--budget SIZE] [--low-water PERCENT] [--puts N] [--seconds S] [--batch-size B]" >&2; exit 2 ;;
  esac
done

. bench/serve.sh budget
start_serve ${CAIRN_BENCH_SERVE_OPTIONS:-} --max-size "$budget" --max-size-low-water "$low_water" --batch-size "$batch" --sweep-interval 0
url="host=$work/data/run port=5432 user=cairn dbname=cairn"
budget_bytes=$(sed -n 's/^cairn: size budget \([0-9]*\) bytes.*/\1/p' "$work/serve.log")
[ -n "$budget_bytes" ] || { cat "$work/serve.log" >&2; exit 1; }
value=$(head -c 1024 /dev/zero | tr '\0' v)

# Steady state first: a catalog at its budget, with statistics (a never-analyzed tags table makes
# each cascaded delete a sequential scan until autovacuum's first ANALYZE, ~1 ms per artifact).
fill=$((budget_bytes / 1024))
echo "== filling to the budget: $fill puts"
redis-benchmark -p "$port" -c 50 -P 16 -n "$fill" -r 2000000000 -q \
  CACHE.PUT bench/budget/fill/v1 t__rand_int__ DATA o "$value" >/dev/null 2>&1 || true
psql -q "$url" -c "VACUUM ANALYZE"
sleep 3  # the keeper's rounds of the fill, done before the measured load begins
created_before=$(redis-cli -p "$port" INFO stats | tr -d '\r' | sed -n 's/^total_puts_created://p')
evicted_before=$(redis-cli -p "$port" INFO stats | tr -d '\r' | sed -n 's/^evictions_budget://p')

echo "== budget $budget ($budget_bytes bytes, low water $low_water%), eviction batches of $batch;" \
  "up to $puts puts of new 1 KiB tags in $seconds s (redis-benchmark -c 50 -P 16)"
# The sampler: one session, one query every 20 ms, until the load is over.
(
  while :; do
    echo "SELECT extract(epoch FROM clock_timestamp()), coalesce(sum(total_size), 0), count(*) FROM artifacts;"
    sleep 0.02
  done
) | psql -At -F ' ' "$url" >"$work/samples" 2>/dev/null &
sampler=$!
start=$(date +%s.%N)
# (redis-benchmark warns that it cannot read CONFIG: Cairn has no CONFIG command.)
timeout "$seconds" redis-benchmark -p "$port" -c 50 -P 16 -n "$puts" -r 2000000000 -q \
  CACHE.PUT bench/budget/put/v1 t__rand_int__ DATA o "$value" >/dev/null 2>&1 || true
elapsed=$(python3 -c "print($(date +%s.%N) - $start)")
sleep 1  # the keeper's last round, then the last samples
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
redis-cli -p "$port" INFO stats | tr -d '\r' >"$work/info"
redis-cli -p "$port" INFO store | tr -d '\r' >>"$work/info"

python3 - "$work/samples" "$work/info" "$budget_bytes" "$batch" "$elapsed" "$created_before" "$evicted_before" <<'PY'
import sys
samples = [tuple(map(float, l.split())) for l in open(sys.argv[1]) if len(l.split()) == 3]
info = dict(l.split(":", 1) for l in open(sys.argv[2]) if ":" in l)
budget, batch, elapsed = int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
created = int(info["total_puts_created"]) - int(sys.argv[6])
evicted = int(info["evictions_budget"]) - int(sys.argv[7])
peak = max(samples, key=lambda s: s[1])
per_artifact = peak[1] / peak[2] if peak[2] else 0
over = [s for s in samples if s[1] > budget]
overshoot = max(0.0, peak[1] - budget)
print(f"puts: {created:,} created in {elapsed:.1f} s = {created / elapsed:,.0f} puts/s (attempted: -c 50 -P 16, as fast as possible)")
print(f"evicted for the budget: {evicted:,} artifacts; left: {int(info['catalog_artifacts']):,} "
      f"({int(info['catalog_bytes']):,} bytes by the server's counter)")
print(f"samples: {len(samples):,} of the exact size, {len(over):,} above the budget "
      f"({100 * len(over) / max(1, len(samples)):.1f}%)")
print(f"largest size seen: {int(peak[1]):,} bytes in {int(peak[2]):,} artifacts ({per_artifact:,.0f} bytes each), "
      f"{peak[0] - samples[0][0]:.1f} s into the load")
batch_bytes = batch * per_artifact
print(f"overshoot: {int(overshoot):,} bytes = {overshoot / per_artifact if per_artifact else 0:,.0f} artifacts = "
      f"{overshoot / batch_bytes if batch_bytes else 0:.2f} batches of {batch} ({100 * overshoot / budget:.2f}% of the budget)")
PY
if [ -n "${CAIRN_BENCH_KEEP_LOG:-}" ]; then cp "$work/serve.log" "$CAIRN_BENCH_KEEP_LOG"; fi
if grep -qiE 'warning|error' "$work/serve.log"; then
  echo "server warnings:"; grep -iE 'warning|error' "$work/serve.log" | head -n 5
fi
