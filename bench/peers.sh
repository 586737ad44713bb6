# Shared by bench/protocol.sh and bench/cost.sh (source it with a name, with $keys set): a release
# build of cairn ($CAIRN_BIN instead, when set), a private PostgreSQL with fsync and
# synchronous_commit on ($url), `cairn serve` on 7391 (hot cache on, pid $hot_pid) and on 7392 (hot
# cache off, pid $store_pid) over it, redis-server on 7390 (pid $redis_pid), N keys of 1 KiB loaded into both
# (bench/keys.py), a scratch directory $work; everything is stopped and removed on exit.
scripts/install-deps
if ! command -v redis-server >/dev/null; then
  echo "bench: installing redis-server (the peer)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null
fi
if [ -n "${CAIRN_BIN:-}" ]; then
  cairn=$CAIRN_BIN
else
  swift build -c release --product cairn >&2
  cairn=$(swift build -c release --show-bin-path)/cairn
fi

bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
work=$(mktemp -d "/tmp/cairn-bench-$1.XXXXXX")
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

# PostgreSQL as a production would run it: fsync and synchronous_commit on.
"${as_pg[@]}" "$bindir/initdb" -D "$work/pgdata" -U cairn --auth=trust -E UTF8 --locale=C >/dev/null
"${as_pg[@]}" "$bindir/pg_ctl" -D "$work/pgdata" -l "$work/postgres.log" -w \
  -o "-c listen_addresses='' -c unix_socket_directories='$work' -p 5432 -c max_connections=200" start >/dev/null
url="host=$work port=5432 user=cairn dbname=postgres"

start_cairn() {  # port, extra options
  local port=$1; shift
  "$cairn" serve --database-url "$url" --port "$port" --unix-socket none "$@" >"$work/cairn-$port.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 300); do
    grep -q "listening on" "$work/cairn-$port.log" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "bench: cairn on $port did not start:" >&2; cat "$work/cairn-$port.log" >&2; exit 1
}
start_cairn 7391
hot_pid=$!
start_cairn 7392 --hot-cache-size 0 --no-migrate
store_pid=$!
redis-server --port 7390 --bind 127.0.0.1 --save "" --appendonly no --daemonize no >"$work/redis.log" 2>&1 &
redis_pid=$!
pids+=($redis_pid)
for _ in $(seq 1 100); do redis-cli -p 7390 PING >/dev/null 2>&1 && break; sleep 0.1; done

# The same 1 KiB value everywhere; tags and keys as redis-benchmark's __rand_int__ spells them.
value=$(python3 -c 'print(("0123456789abcdef" * 64))')
python3 bench/keys.py "$work" "$keys" bench/perf/get/v1
redis-cli -p 7391 --pipe <"$work/puts.resp" >/dev/null
redis-cli -p 7391 --pipe <"$work/gets.resp" >/dev/null   # warms the hot cache
redis-cli -p 7390 --pipe <"$work/sets.resp" >/dev/null
psql -q "$url" -c "VACUUM ANALYZE" >/dev/null
