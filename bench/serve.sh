# Shared by the benchmarks (source it with a name): a release build of cairn, a scratch directory
# removed on exit, and start_serve, which runs `cairn serve` there with its embedded PostgreSQL.
# Sets $cairn ($CAIRN_BIN when set: another build, for a before/after) and $work; start_serve
# [options…] sets $serve_pid (stopped on exit) and $port.
scripts/install-deps
if [ -n "${CAIRN_BIN:-}" ]; then
  cairn=$CAIRN_BIN
else
  swift build -c release --product cairn >&2
  cairn=$(swift build -c release --show-bin-path)/cairn
fi

work=$(mktemp -d "/tmp/cairn-bench-$1.XXXXXX")
chmod 755 "$work"
serve_pid=
cleanup() {
  if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

start_serve() {
  "$cairn" serve --data-dir "$work/data" --port 0 --unix-socket none "$@" >"$work/serve.log" 2>&1 &
  serve_pid=$!
  for _ in $(seq 1 600); do
    grep -q '^cairn: listening on' "$work/serve.log" && break
    sleep 0.1
  done
  port=$(sed -n 's/^cairn: listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$work/serve.log" | head -n 1)
  [ -n "$port" ] || { cat "$work/serve.log" >&2; exit 1; }
}
