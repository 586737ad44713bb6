"""Writes the benchmarks' load as RESP for `redis-cli --pipe`: for N keys, `puts.resp` (CACHE.PUT of
a 1 KiB value), `gets.resp` (CACHE.GET of each) and `sets.resp` (Redis SET of the same value), with
tags and keys spelled as redis-benchmark's __rand_int__ fills them (12 digits).

    python3 bench/keys.py <directory> <keys> <dataset>
"""
import sys

VALUE = b"0123456789abcdef" * 64


def command(*args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a if isinstance(a, bytes) else a.encode()
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    return out


def main():
    directory, keys, dataset = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(f"{directory}/puts.resp", "wb") as puts, open(f"{directory}/gets.resp", "wb") as gets, \
            open(f"{directory}/sets.resp", "wb") as sets:
        for i in range(keys):
            tag = "k%012d" % i
            puts.write(command("CACHE.PUT", dataset, tag, "DATA", "o", VALUE))
            gets.write(command("CACHE.GET", dataset, tag))
            sets.write(command("SET", "key:%012d" % i, VALUE))


main()
