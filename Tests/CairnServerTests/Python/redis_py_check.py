#!/usr/bin/env python3
"""Drives a running Cairn catalog server with redis-py, the way an application would.

Usage: redis_py_check.py PORT [--writer PW --reader PW --admin PW]

Without passwords the server must be in protected mode and every check but AUTH runs; with them,
the connection, cache, RESP3 and AUTH checks run, authenticated as the writer. Prints `ok <check>` per check and exits 0 when every
reply was the expected one; otherwise prints what differed and exits 1.
"""
import argparse
import sys
import threading
import time
import traceback
import uuid

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry


class Mismatch(Exception):
    pass


def expect(actual, expected, what):
    if actual != expected:
        raise Mismatch(f"{what}: expected {expected!r}, got {actual!r}")


def expect_error(kind, text, what, call):
    try:
        result = call()
    except kind as error:
        if text not in str(error):
            raise Mismatch(f"{what}: expected an error containing {text!r}, got {error!r}")
        return
    raise Mismatch(f"{what}: expected {kind.__name__} ({text!r}), got the reply {result!r}")


def record(flat):
    """A RESP2 record (flat key/value array) as a dict."""
    return dict(zip(flat[::2], flat[1::2]))


def connection_commands(r, ds):
    expect(r.ping(), True, "PING")
    expect(r.echo(b"hello there"), b"hello there", "ECHO")
    expect(r.execute_command("CLIENT", "SETINFO", "LIB-NAME", "cairn-check"), b"OK", "CLIENT SETINFO")
    expect(isinstance(r.client_id(), int), True, "CLIENT ID is an integer")
    expect_error(redis.ResponseError, "unknown command 'NOPE'", "unknown command", lambda: r.execute_command("NOPE"))


def cache_commands(r, ds):
    sent = int(time.time() * 1000)
    put = r.execute_command("CACHE.PUT", ds, "t1", "TTL", 600, "META", "k", "v", "DATA", "o0", "42")
    expect(put[1], b"created", "CACHE.PUT outcome")
    expect(r.execute_command("CACHE.PUT", ds, "t1", "DATA", "o0", "43"), [put[0], b"exists"], "second CACHE.PUT")
    hit = r.execute_command("CACHE.GET", ds, "t1")
    expect(hit[:3], [put[0], [b"o0", b"42"], [b"k", b"v"]], "CACHE.GET id, data and metadata")
    # The expiry counts from when the server took the put, the creation time from PostgreSQL's commit.
    expect(0 < hit[4] - hit[3] <= 600_000, True, f"CACHE.GET expires - created: {hit[4] - hit[3]} ms")
    expect(abs(hit[4] - (sent + 600_000)) < 5_000, True, f"CACHE.GET expires {hit[4]}, put sent at {sent}")
    expect(hit[5], [], "CACHE.GET blobs")
    expect(r.execute_command("CACHE.GET", ds, "absent"), None, "CACHE.GET miss")
    expect(r.execute_command("CACHE.MGET", ds, "t1", ds, "absent"), [hit, None], "CACHE.MGET")
    reserved = r.execute_command("CACHE.RESERVE", ds, "t2", "owner-1", 30000)
    expect(reserved[:2], [b"acquired", b"owner-1"], "CACHE.RESERVE")
    held = r.execute_command("CACHE.RESERVE", ds, "t2", "owner-2", 30000)
    expect(held, [b"held"] + reserved[1:], "CACHE.RESERVE by another owner")
    expect(r.execute_command("CACHE.RELEASE", ds, "t2", "owner-2"), 0, "CACHE.RELEASE by a non-owner")
    expect(r.execute_command("CACHE.RELEASE", ds, "t2", "owner-1"), 1, "CACHE.RELEASE by the owner")
    cached = r.execute_command("CACHE.RESERVE", ds, "t1", "owner-1", 30000)
    expect(cached, [b"cached", put[0], None, None], "CACHE.RESERVE of a cached tag")
    expect(r.execute_command("CACHE.EVICT", ds, "t1"), 1, "CACHE.EVICT")
    expect(r.execute_command("CACHE.GET", ds, "t1"), None, "CACHE.GET after CACHE.EVICT")
    expect(r.execute_command("CACHE.EVICT", ds, "t1"), 0, "second CACHE.EVICT")


def every_byte(r, ds):
    value = bytes(range(256))
    expect(r.echo(value), value, "ECHO of every byte")
    r.execute_command("CACHE.PUT", ds, "bytes", "DATA", "o0", value)
    for attempt in ("store", "hot cache"):
        expect(r.execute_command("CACHE.GET", ds, "bytes")[1], [b"o0", value], f"every byte from the {attempt}")


def pipeline(r, ds):
    pipe = r.pipeline(transaction=False)
    for i in range(500):
        pipe.execute_command("CACHE.PUT", ds, f"p{i}", "DATA", "o0", f"v{i}")
        pipe.execute_command("CACHE.GET", ds, f"p{i}")
    replies = pipe.execute()
    expect(len(replies), 1000, "pipeline reply count")
    for i in range(500):
        put, hit = replies[2 * i], replies[2 * i + 1]
        expect(put[1], b"created", f"pipelined CACHE.PUT p{i}")
        expect(hit[:2], [put[0], [b"o0", f"v{i}".encode()]], f"pipelined CACHE.GET p{i} after its PUT")


def catalog(r, ds):
    name = f"py/dev/catalog-{uuid.uuid4().hex[:8]}/v1"
    create = ("DATASET.CREATE", name, "META", "owner", "ci", "PARTITION", "day")
    expect(r.execute_command(*create), [name.encode(), b"created"], "DATASET.CREATE")
    expect(r.execute_command(*create), [name.encode(), b"exists"], "repeated DATASET.CREATE")
    dataset = record(r.execute_command("DATASET.GET", name))
    expect(list(dataset), [b"id", b"metadata", b"partition_keys", b"created"], "dataset record keys")
    expect((dataset[b"metadata"], dataset[b"partition_keys"]), ([b"owner", b"ci"], [b"day"]), "dataset record")
    listing = r.execute_command("DATASET.LIST", "PROJECT", "py", "PREFIX", name.split("/")[2])
    expect((listing[0], [record(item)[b"id"] for item in listing[1]]), (None, [name.encode()]), "DATASET.LIST")
    expect_error(
        redis.ResponseError, "NOTFOUND dataset py/dev/absent/v1 does not exist", "DATASET.GET of a missing dataset",
        lambda: r.execute_command("DATASET.GET", "py/dev/absent/v1"))
    artifact = record(r.execute_command("ARTIFACT.GET", ds, "p7"))
    expect((artifact[b"dataset"], artifact[b"data"], artifact[b"tags"]), (ds.encode(), [b"o0", b"v7"], [b"p7"]),
           "ARTIFACT.GET by tag")
    by_id = record(r.execute_command("ARTIFACT.GET", artifact[b"id"]))
    expect(by_id[b"checksum"], artifact[b"checksum"], "ARTIFACT.GET by id")


def info(r, ds):
    fields = r.info()
    expect(type(fields), dict, "INFO parsed by redis-py")
    for key in ("cache_hits", "total_commands_processed", "connected_clients", "used_memory_rss"):
        expect(type(fields.get(key)), int, f"INFO {key}")
    expect(fields["cache_hits"] >= 502, True, f"INFO cache_hits counts the hits so far ({fields['cache_hits']})")
    stats = r.info("stats")
    expect(("cache_hits" in stats, "tcp_port" in stats), (True, False), "INFO stats holds only its section")


def resp3(make, ds):
    r3 = make(protocol=3)
    expect(r3.ping(), True, "RESP3 PING")
    expect(r3.execute_command("CACHE.GET", ds, "absent"), None, "RESP3 CACHE.GET miss")
    value = bytes(range(256))
    expect(r3.execute_command("CACHE.PUT", ds, "resp3", "DATA", "o0", value)[1], b"created", "RESP3 CACHE.PUT")
    expect(r3.execute_command("CACHE.GET", ds, "resp3")[1], [b"o0", value], "RESP3 CACHE.GET hit")
    artifact = r3.execute_command("ARTIFACT.GET", ds, "resp3")
    expect((type(artifact), artifact.get(b"data")), (dict, [b"o0", value]), "RESP3 ARTIFACT.GET is a map")
    expect(type(r3.info().get("cache_hits")), int, "RESP3 INFO")


def authentication(port, passwords, ds):
    def client(protocol=2, **options):
        # No retries: redis-py retries a refused AUTH as a connection error, with backoff.
        return redis.Redis(host="127.0.0.1", port=port, socket_timeout=15, protocol=protocol,
                           retry=Retry(NoBackoff(), 0), **options)

    client(password=passwords.writer).execute_command("CACHE.PUT", ds, "for-reader", "DATA", "o0", "v1")
    reader = client(username="reader", password=passwords.reader)
    expect(reader.execute_command("CACHE.GET", ds, "for-reader")[1], [b"o0", b"v1"], "the reader reads")
    expect_error(redis.exceptions.NoPermissionError, "User reader has no permissions to run the 'cache.put' command",
                 "the reader writes", lambda: reader.execute_command("CACHE.PUT", ds, "r", "DATA", "o0", "x"))
    anonymous = client()  # refused when it connects (CLIENT SETINFO) or at its first command
    expect_error(redis.AuthenticationError, "Authentication required", "a command without a password",
                 lambda: anonymous.execute_command("CACHE.GET", ds, "for-reader"))
    expect_error(redis.AuthenticationError, "invalid username-password pair", "a wrong password",
                 lambda: client(password="not-the-password").ping())
    expect_error(redis.AuthenticationError, "invalid username-password pair", "the writer's password for admin",
                 lambda: client(username="admin", password=passwords.writer).ping())
    expect_error(redis.AuthenticationError, "invalid username-password pair", "a wrong password over HELLO 3",
                 lambda: client(protocol=3, password="not-the-password").ping())
    admin = client(username="admin", password=passwords.admin)
    expect(admin.execute_command("CACHE.PUT", ds, "by-admin", "DATA", "o0", "a")[1], b"created", "the admin writes")
    writer3 = client(protocol=3, password=passwords.writer)
    expect(writer3.execute_command("CACHE.GET", ds, "by-admin")[1], [b"o0", b"a"], "HELLO 3 AUTH, then a read")
    expect(admin.info()["errorstat_WRONGPASS"]["count"], 3, "INFO errorstats counts the wrong passwords")


def concurrent_clients(make, ds):
    failures = []

    def work(number):
        try:
            r = make()
            for i in range(20):
                tag, value = f"c{number}-{i}", f"{number}:{i}".encode()
                expect(r.execute_command("CACHE.PUT", ds, tag, "DATA", "o0", value)[1], b"created", f"PUT {tag}")
                expect(r.execute_command("CACHE.GET", ds, tag)[1], [b"o0", value], f"GET {tag}")
        except Exception as error:  # reported below, with the thread's number
            failures.append(f"thread {number}: {error!r}")

    threads = [threading.Thread(target=work, args=(number,)) for number in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    expect(any(thread.is_alive() for thread in threads), False, "threads finished within 60 s")
    expect(failures, [], "concurrent clients")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--writer")
    parser.add_argument("--reader")
    parser.add_argument("--admin")
    arguments = parser.parse_args()

    def make(protocol=2, **options):
        # Explicit: redis-py 8 speaks RESP3 unless told otherwise, older versions RESP2.
        return redis.Redis(host="127.0.0.1", port=arguments.port, password=arguments.writer, socket_timeout=15,
                           protocol=protocol, **options)

    r = make()
    ds = f"py/dev/check-{uuid.uuid4().hex[:8]}/v1"
    checks = [
        ("connection_commands", connection_commands), ("cache_commands", cache_commands),
        ("every_byte", every_byte), ("pipeline", pipeline), ("catalog", catalog), ("info", info),
        ("resp3", lambda _, ds: resp3(make, ds)), ("concurrent_clients", lambda _, ds: concurrent_clients(make, ds)),
    ]
    if arguments.writer:
        # The rest ran in protected mode already; the password run keeps the machine's load down.
        checks = [check for check in checks if check[0] in ("connection_commands", "cache_commands", "resp3")]
        checks.append(("authentication", lambda _, ds: authentication(arguments.port, arguments, ds)))
    for name, check in checks:
        try:
            check(r, ds)
        except Mismatch as mismatch:
            print(f"FAIL {name}: {mismatch}")
            return 1
        except Exception:
            print(f"FAIL {name}: unexpected exception")
            traceback.print_exc(file=sys.stdout)
            return 1
        print(f"ok {name}")
    print(f"redis-py {redis.__version__}: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
