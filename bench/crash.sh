#!/usr/bin/env bash
# The crash check, release build: W concurrent writers (default 8, redis-py, one process and one
# connection each) CACHE.PUT distinct tags into one dataset through `cairn serve` on a scratch
# embedded PostgreSQL, each recording every put acknowledged with "created". After S seconds of
# load (default 5) the server is killed with SIGKILL mid-load; it is started again on the same data
# directory, and every acknowledged put is read back with CACHE.GET (same artifact id, same value).
#
#   bench/crash.sh [--writers W] [--load-seconds S] [--max-puts N] [--postgres-too]
#
# --max-puts bounds each writer's puts (default 200,000); a writer also stops 30 s after the load
# began whatever happens. --postgres-too also kills the embedded PostgreSQL (postmaster and its
# backends) with SIGKILL, so the restart goes through crash recovery.
#
# Prints acknowledged, lost and altered puts; exits 1 if any acknowledged put is lost or altered
# (or none was acknowledged). Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

writers=8
load=5
max_puts=200000
postgres_too=0
usage="usage: bench/crash.sh [--writers W] [--load-seconds S] [--max-puts N] [--postgres-too]"
while [ $# -gt 0 ]; do
  case "$1" in
    --writers) writers=$2; shift 2 ;;
    --load-seconds) load=$2; shift 2 ;;
    --max-puts) max_puts=$2; shift 2 ;;
    --postgres-too) postgres_too=1; shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
for value in "$writers" "$load" "$max_puts"; do
  [[ "$value" =~ ^[1-9][0-9]*$ ]] || { echo "crash.sh: counts and seconds are whole numbers >= 1" >&2; echo "$usage" >&2; exit 2; }
done
[ "$load" -le 25 ] || { echo "crash.sh: --load-seconds is 1...25 (writers stop 30 s after the start)" >&2; exit 2; }

. bench/serve.sh crash
pgdata=$work/data/pgdata

# The killed server cannot stop the PostgreSQL it started, and a restarted one leaves alone the
# server it found running: stop whatever runs on the scratch cluster before it is removed.
stop_postgres() {
  [ -f "$pgdata/postmaster.pid" ] || return 0
  local pm
  pm=$(head -n 1 "$pgdata/postmaster.pid")
  kill -INT "$pm" 2>/dev/null || return 0
  for _ in $(seq 1 300); do kill -0 "$pm" 2>/dev/null || return 0; sleep 0.1; done
}
finish() {
  if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
  serve_pid=
  stop_postgres
  cleanup
}
trap finish EXIT

start_serve --sweep-interval 0
echo "== cairn serve (pid $serve_pid) on 127.0.0.1:$port; $writers writers for ${load} s, then SIGKILL"

# The writers: one process each, so that they really run at once (threads would share the GIL).
cat >"$work/writer.py" <<'PY'
import sys, time
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

port, index, max_puts, deadline, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
# No retries: a put resent after the kill could be acknowledged by the restarted server instead.
r = redis.Redis(port=port, socket_timeout=10, retry=Retry(NoBackoff(), 0))
stopped = "count"
with open(out, "w", buffering=1) as log:
    for i in range(max_puts):
        if time.time() >= deadline:
            stopped = "deadline"
            break
        tag, value = f"w{index}-{i}", f"writer {index} put {i}"
        try:
            reply = r.execute_command("CACHE.PUT", "bench/crash/puts/v1", tag, "DATA", "o0", value)
        except redis.exceptions.ConnectionError:
            stopped = "connection lost"
            break
        except redis.exceptions.ResponseError as error:
            print(f"writer {index}: {tag}: {error}", file=sys.stderr)
            continue
        if reply[1] == b"created":
            log.write(f"{tag} {reply[0].decode()} {value}\n")
print(f"writer {index}: stopped ({stopped})", file=sys.stderr)
PY

deadline=$(python3 -c "import time; print(time.time() + 30)")
writer_pids=()
for index in $(seq 1 "$writers"); do
  python3 "$work/writer.py" "$port" "$index" "$max_puts" "$deadline" "$work/acked-$index" 2>"$work/writer-$index.log" &
  writer_pids+=($!)
done
sleep "$load"

postmaster=$(head -n 1 "$pgdata/postmaster.pid")
backends=$(pgrep -P "$postmaster" | tr '\n' ' ' || true)
kill -KILL "$serve_pid"
if [ "$postgres_too" = 1 ]; then
  # The postmaster and its children at once, as a power cut would (minus the page cache).
  # shellcheck disable=SC2086
  kill -KILL "$postmaster" $backends 2>/dev/null || true
fi
wait "$serve_pid" 2>/dev/null || true
serve_pid=
for pid in "${writer_pids[@]}"; do wait "$pid" || true; done
acked_before=$(cat "$work"/acked-* | wc -l)
echo "killed with SIGKILL$([ "$postgres_too" = 1 ] && echo ", PostgreSQL too") after ${load} s: $acked_before puts acknowledged"
cat "$work"/writer-*.log | sed 's/^writer [0-9]*: /  /' | sort | uniq -c
if [ "$postgres_too" = 1 ]; then
  # A new postmaster refuses to start while a killed one's backends still hold its shared memory.
  for pid in $postmaster $backends; do
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
fi

mv "$work/serve.log" "$work/serve-killed.log"
start_serve --sweep-interval 0
echo "== restarted cairn serve (pid $serve_pid) on the same data directory; reading every acknowledged put back"
if [ "$postgres_too" = 1 ]; then
  grep -q "automatic recovery in progress" "$work/data/postgres.log" && recovered=yes || recovered=no
  echo "PostgreSQL went through crash recovery: $recovered"
fi

cat "$work"/acked-* | python3 -c '
import sys
import redis
port = int(sys.argv[1])
r = redis.Redis(port=port, socket_timeout=30)
acked = [line.rstrip("\n").split(" ", 2) for line in sys.stdin if line.strip()]
lost, altered = [], []
for start in range(0, len(acked), 500):
    chunk = acked[start:start + 500]
    pipe = r.pipeline(transaction=False)
    for tag, _, _ in chunk:
        pipe.execute_command("CACHE.GET", "bench/crash/puts/v1", tag)
    for (tag, artifact, value), reply in zip(chunk, pipe.execute()):
        if reply is None:
            lost.append(tag)
        elif reply[0].decode() != artifact or reply[1] != [b"o0", value.encode()]:
            altered.append(tag)
print(f"acknowledged: {len(acked)}")
print(f"lost: {len(lost)}")
print(f"altered: {len(altered)}")
for tag in (lost + altered)[:20]:
    print(f"  {tag}")
sys.exit(0 if acked and not lost and not altered else 1)
' "$port"
