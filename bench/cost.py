"""The cost bench's measuring half (bench/cost.sh starts the servers and calls this).

For each case, a fixed number of requests is sent by a load generator (redis-benchmark or
pgbench), and the CPU the serving processes spent on them is divided by the request count:

- Cairn: the `cairn serve` process's utime+stime (/proc/PID/stat);
- PostgreSQL: the postmaster's own CPU, plus what its exited children left in its cutime+cstime,
  plus its live children's (backends that end during the run are counted whole, none twice);
- Redis: the redis-server process's.

Issue 17 defines the cost as the machine's busy CPU (/proc/stat) minus the generator's rusage.
On this shared machine other tenants' work swung between 1 and 2 cores during a run, which that
method cannot tell from ours, so the processes are counted instead; the machine-wide figure is
printed beside it as a check (it includes the generator-free background, so it is higher).

    python3 bench/cost.py --work DIR --url URL --hot PID --store PID --redis PID --postmaster PID
                          --keys N [--rounds R] [--scale F]
"""
import argparse
import glob
import os
import re
import resource
import statistics
import subprocess
import time

TICK = os.sysconf("SC_CLK_TCK")


def machine_busy():
    """Seconds of CPU the whole machine spent busy (not idle, not waiting on I/O)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / TICK


def process_cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def tree_cpu(pid):
    """A process's CPU with its reaped children's, plus its live children's."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    total = sum(int(x) for x in fields[11:15]) / TICK
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                child = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(child[1]) == pid:
            total += (int(child[11]) + int(child[12])) / TICK
    return total


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Bench:
    def __init__(self, args):
        self.args = args
        self.work = args.work
        self.rows = []

    def run(self, label, side, requests, command, servers, parse, per=1):
        """Runs `command` (which sends `requests` requests) and records its cost and speed.
        `servers` names the serving processes' CPU readers: "cairn" and "other"."""
        before = {name: read() for name, read in servers.items()}
        busy0, gen0, wall0 = machine_busy(), children_cpu(), time.monotonic()
        out = subprocess.run(command, capture_output=True, text=True, cwd=self.work)
        wall = time.monotonic() - wall0
        busy, gen = machine_busy() - busy0, children_cpu() - gen0
        spent = {name: read() - before[name] for name, read in servers.items()}
        if out.returncode != 0:
            raise SystemExit(f"cost: {label} failed: {out.stderr.strip() or out.stdout.strip()}")
        rate, p50, p99 = parse(out.stdout)
        cairn, other = spent.get("cairn", 0.0), spent.get("other", 0.0)
        row = {
            "label": label, "side": side, "requests": requests, "rate": rate, "p50": p50, "p99": p99,
            "server_us": (cairn + other) / requests * 1e6, "cairn_us": cairn / requests * 1e6,
            "other_us": other / requests * 1e6, "machine_us": max(0.0, busy - gen) / requests * 1e6,
            "background": max(0.0, busy - gen - cairn - other) / wall, "per": per,
        }
        self.rows.append(row)
        return row

    def redis_benchmark(self, label, port, clients, pipeline, requests, keyspace, words, cairn=None, per=1):
        """Cairn's cost when `cairn` (a pid) is given, redis-server's otherwise."""
        command = ["redis-benchmark", "-p", str(port), "-c", str(clients), "-P", str(pipeline), "-n", str(requests),
                   "-r", str(keyspace), "--csv"] + words
        if cairn:
            servers = {"cairn": lambda: process_cpu(cairn), "other": lambda: tree_cpu(self.args.postmaster)}
        else:
            servers = {"other": lambda: process_cpu(self.args.redis)}
        return self.run(label, "cairn" if cairn else "peer", requests, command, servers, parse_redis_benchmark, per)

    def pgbench(self, label, clients, transactions, script, per=1):
        path = os.path.join(self.work, f"cost-{abs(hash(label))}.sql")
        with open(path, "w") as f:
            f.write(script)
        for old in glob.glob(os.path.join(self.work, "costpgb.*")):
            os.unlink(old)
        command = ["pgbench", "-n", "-M", "prepared", "-f", path, "-c", str(clients), "-j", "2",
                   "-t", str(transactions), "-l", "--log-prefix=costpgb", self.args.url]
        return self.run(label, "peer", clients * transactions, command,
                        {"other": lambda: tree_cpu(self.args.postmaster)}, lambda out: parse_pgbench(out, self.work), per)


def parse_redis_benchmark(out):
    # --csv: "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max"
    row = [c.strip('"') for c in out.strip().splitlines()[-1].split('","')]
    return float(row[1]), float(row[4]), float(row[6])


def parse_pgbench(out, work):
    rate = float(re.search(r"tps = ([0-9.]+)", out).group(1))
    latencies = sorted(int(line.split()[2]) for f in glob.glob(os.path.join(work, "costpgb.*")) for line in open(f))
    pick = lambda p: latencies[min(len(latencies) - 1, int(len(latencies) * p))] / 1000
    return rate, pick(0.5), pick(0.99)


def select_script(keys, count):
    """pgbench: one prepared select of `count` random tags, as a lookup of that many keys needs."""
    sets = "".join(f"\\set i{n} random(0, {keys - 1})\n" for n in range(count))
    if count == 1:
        where = "t.name = 'k' || lpad(:i0::text, 12, '0')"
    else:
        names = ", ".join(f"'k' || lpad(:i{n}::text, 12, '0')" for n in range(count))
        where = f"t.name = ANY(ARRAY[{names}])"
    return sets + (
        "SELECT t.name, d.name, d.value FROM datasets s JOIN tags t ON t.dataset_id = s.id "
        "JOIN artifact_data d ON d.artifact_id = t.artifact_id "
        "WHERE s.project = 'bench' AND s.domain = 'perf' AND s.name = 'get' AND s.version = 'v1' "
        f"AND {where};\n")


def cases(bench, args):
    s, keys = args.scale, args.keys
    get = ["CACHE.GET", "bench/perf/get/v1", "k__rand_int__"]
    mget = ["CACHE.MGET"] + ["bench/perf/get/v1", "k__rand_int__"] * 64
    rmget = ["MGET"] + ["key:__rand_int__"] * 64
    value = "0123456789abcdef" * 64
    yield "hot CACHE.GET, -c 50 -P 1", "Redis GET", [
        lambda: bench.redis_benchmark("hot GET -P1", 7391, 50, 1, int(200000 * s), keys, get, args.hot),
        lambda: bench.redis_benchmark("redis GET -P1", 7390, 50, 1, int(200000 * s), keys,
                                      ["GET", "key:__rand_int__"]),
    ]
    yield "hot CACHE.GET, -c 50 -P 16", "Redis GET", [
        lambda: bench.redis_benchmark("hot GET -P16", 7391, 50, 16, int(1000000 * s), keys, get, args.hot),
        lambda: bench.redis_benchmark("redis GET -P16", 7390, 50, 16, int(1000000 * s), keys,
                                      ["GET", "key:__rand_int__"]),
    ]
    yield "hot CACHE.MGET of 64, -c 50", "Redis MGET of 64", [
        lambda: bench.redis_benchmark("hot MGET64", 7391, 50, 1, int(20000 * s), keys, mget, args.hot, 64),
        lambda: bench.redis_benchmark("redis MGET64", 7390, 50, 1, int(20000 * s), keys, rmget, per=64),
    ]
    yield "CACHE.GET hot cache off, -c 16", "pgbench point select", [
        lambda: bench.redis_benchmark("store GET c16", 7392, 16, 1, int(50000 * s), keys, get, args.store),
        lambda: bench.pgbench("pgbench select c16", 16, int(50000 * s) // 16, select_script(keys, 1)),
    ]
    yield "CACHE.MGET of 64 hot cache off, -c 16", "pgbench select of 64", [
        lambda: bench.redis_benchmark("store MGET64 c16", 7392, 16, 1, int(2000 * s), keys, mget, args.store,
                                      64),
        lambda: bench.pgbench("pgbench select64 c16", 16, int(2000 * s) // 16, select_script(keys, 64), per=64),
    ]
    # New tags out of 2·10^9, the most redis-benchmark's -r takes (a larger value overflows and
    # every put then meets one existing tag).
    yield "durable CACHE.PUT 1 KiB, -c 50", "pgbench upsert", [
        lambda: bench.redis_benchmark("PUT c50", 7391, 50, 1, int(20000 * s), 2000000000,
                                      ["CACHE.PUT", "bench/perf/put/v1", "t__rand_int__", "DATA", "o", value], args.hot),
        lambda: bench.pgbench("pgbench upsert c50", 50, int(20000 * s) // 50,
                              "\\set i random(1, 1000000000000)\nINSERT INTO cost_kv VALUES ('u' || :i, "
                              "decode(repeat('ab', 1024), 'hex')) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v;\n"),
    ]


def median(rows, key):
    return statistics.median(r[key] for r in rows)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--hot", type=int, required=True, help="pid of the cairn serving from its hot cache")
    parser.add_argument("--store", type=int, required=True, help="pid of the cairn with the hot cache off")
    parser.add_argument("--redis", type=int, required=True, help="pid of redis-server")
    parser.add_argument("--postmaster", type=int, required=True, help="pid of PostgreSQL's postmaster")
    parser.add_argument("--keys", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    bench = Bench(args)
    table = []
    for case, peer, runs in cases(bench, args):
        results = {"cairn": [], "peer": []}
        for _ in range(args.rounds):
            for run in runs:
                row = run()
                results[row["side"]].append(row)
        table.append((case, peer, results))

    print("Server-side CPU per request (µs; per key for MGET and select of 64), median of "
          f"{args.rounds} round(s). Other tenants' load during the runs: median "
          f"{median(bench.rows, 'background'):.2f} cores (min {min(r['background'] for r in bench.rows):.2f}, "
          f"max {max(r['background'] for r in bench.rows):.2f}).")
    print()
    print("| case | cairn CPU µs (cairn + PostgreSQL) | peer | peer CPU µs | CPU ratio | cairn req/s | peer req/s "
          "| rate ratio | cairn p50 / p99 ms | peer p50 / p99 ms | machine-wide CPU ratio |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for case, peer, results in table:
        c, p = results["cairn"], results["peer"]
        per = c[0]["per"]
        cs, cc, co = (median(c, k) / per for k in ("server_us", "cairn_us", "other_us"))
        ps = median(p, "server_us") / p[0]["per"]
        cr, pr = median(c, "rate"), median(p, "rate")
        print(f"| {case} | {cs:.2f} ({cc:.2f} + {co:.2f}) | {peer} | {ps:.2f} | **{cs / ps:.2f}×** | {cr:,.0f} | "
              f"{pr:,.0f} | **{cr / pr:.2f}×** | {median(c, 'p50'):.3f} / {median(c, 'p99'):.3f} | "
              f"{median(p, 'p50'):.3f} / {median(p, 'p99'):.3f} | "
              f"{median(c, 'machine_us') / per / max(1e-9, median(p, 'machine_us') / p[0]['per']):.2f}× |")
    if args.rounds > 1:
        print()
        print("Spread of the CPU ratio across rounds:")
        for case, peer, results in table:
            ratios = [c["server_us"] / p["server_us"] for c, p in zip(results["cairn"], results["peer"])
                      if p["server_us"] > 0]
            print(f"  {case}: {min(ratios):.2f}× – {max(ratios):.2f}×")


main()
